// Shapes of the platform filing (备案, R-FILING) and reward (R-BOUNTY) API,
// and the amount arithmetic the pages share (amounts travel in minor units).

export interface FilingContact {
  name: string;
  phone: string;
  email: string;
}

export interface FilingFields {
  platform_name: string;
  home_url: string;
  icp_number: string;
  publication_channels: string[];
  host_type: 'organisation' | 'person';
  host_name: string;
  host_id_number: string; // masked as read back
  responsible: FilingContact;
  contacts: FilingContact[];
  capital_and_shareholding: string;
  collection_scope: string;
  collection_methods: string;
  verification_rules: string;
  notification_rules: string;
  publication_rules: string;
  user_identity_rules: string;
  graded_management_rules: string;
  standards_compliance: string;
}

export const FILING_TEXT_FIELDS = [
  'collection_scope',
  'collection_methods',
  'verification_rules',
  'notification_rules',
  'publication_rules',
  'user_identity_rules',
  'graded_management_rules',
  'standards_compliance',
  'capital_and_shareholding',
] as const;

export type FilingStatus = 'draft' | 'filed' | 'change_filed' | 'cancelled';

export interface FilingEvent {
  id: number;
  at: string;
  actor: string;
  kind: string;
  from: string;
  to: string;
  reason: string;
  data: Record<string, unknown>;
}

export interface PlatformFiling {
  id: number;
  status: FilingStatus;
  fields: FilingFields;
  filing_number: string;
  filed_on: string;
  change_filed_on: string;
  cancelled_on: string;
  unfiled_changes: boolean;
  attachments: { id: number; kind: 'mlps_proof' | 'commitment_letter'; filename: string; size: number; sha256: string; created_at: string }[];
  history: FilingEvent[];
  next: FilingStatus[];
  missing: { field: string; code: string; message: string }[];
  can_edit: boolean;
}

export type PublicFiling = Pick<
  FilingFields,
  | 'platform_name'
  | 'home_url'
  | 'icp_number'
  | 'publication_channels'
  | 'host_name'
  | 'collection_scope'
  | 'collection_methods'
  | 'verification_rules'
  | 'notification_rules'
  | 'publication_rules'
  | 'user_identity_rules'
  | 'graded_management_rules'
> & { status: FilingStatus; filing_number: string; filed_on: string; change_filed_on: string | null };

export type RewardState = 'proposed' | 'approved' | 'paid' | 'cancelled';

export interface Reward {
  id: number;
  case_id: number;
  case_ref: string;
  paying_org: number;
  paying_org_name: string;
  report_id: number | null;
  report_tracking_id: string;
  finder_name: string;
  amount_minor: number;
  currency: string;
  minor_digits: number;
  state: RewardState;
  note: string;
  proposed_at: string;
  approved_at: string | null;
  paid_at: string | null;
  cancelled_at: string | null;
  payment_reference: string;
  cancel_reason: string;
  proposed_by: string;
  approved_by: string;
  paid_by: string;
  cancelled_by: string;
  next: RewardState[];
}

export interface RewardPolicy {
  id: number;
  provider_org: number;
  provider_name: string;
  product_id: number | null;
  product_name: string;
  grade: string | null;
  min_minor: number;
  max_minor: number;
  currency: string;
  minor_digits: number;
  note: string;
}

export const CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD', 'JPY'];

/** Digits after the point for the currencies the forms offer (the server knows them all). */
export function minorDigits(currency: string): number {
  return ['JPY', 'KRW', 'VND'].includes(currency) ? 0 : ['KWD', 'BHD', 'JOD', 'OMR', 'TND'].includes(currency) ? 3 : 2;
}

/** 500000 fen -> "5,000.00 CNY". */
export function formatAmount(minor: number, currency: string, digits = minorDigits(currency)): string {
  const value = minor / 10 ** digits;
  return `${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${currency}`;
}

/** "5000.5" in major units -> 500050 minor units (no floating-point drift). */
export function toMinor(major: string | number, currency: string): number {
  const digits = minorDigits(currency);
  const [whole, frac = ''] = String(major).trim().split('.');
  return Number(whole) * 10 ** digits + Number((frac + '000').slice(0, digits) || 0);
}
