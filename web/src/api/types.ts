// Shapes of the loudong API (see /api/v1/openapi.json). Optional where the
// server may leave a field out.
import type { GradeBasis } from '../lib/gradeBasis';

export interface Membership {
  org_id: string;
  role: 'admin' | 'coordinator' | 'member' | 'auditor' | string;
}
export interface User {
  id: string;
  username: string;
  display_name?: string;
  email?: string;
  platform_admin?: boolean;
  finder?: boolean;
  memberships?: Membership[];
  created_at?: string;
}
export interface SessionInfo {
  user: User;
  csrf_token: string;
  /** The policy requires this user's second factor and it is not on: only enrolment works. */
  second_factor_enrolment_required?: boolean;
}

export interface PublicInfo {
  platform_name?: string;
  filing_number?: string | null;
}

export type ReportState = 'received' | 'triage' | 'needs_info' | 'rejected' | 'duplicate' | 'accepted';
export type CaseState =
  | 'verifying'
  | 'confirmed'
  | 'not_affected'
  | 'fixing'
  | 'fixed'
  | 'published'
  | 'closed'
  | 'withdrawn';
export type Grade = 'critical' | 'high' | 'medium' | 'low';
export type ClockKind = 'regulatory_report' | 'upstream_notice' | 'finder_ack' | 'fix' | 'user_notice';
export type ClockState = 'on_time' | 'due_soon' | 'overdue' | 'met' | 'missed';

export interface Message {
  id: string;
  author?: string;
  author_name?: string;
  from_finder?: boolean;
  visibility?: string;
  body: string;
  created_at: string;
}

export interface Report {
  id: string;
  tracking_id?: string;
  title: string;
  state: ReportState;
  product_id?: string | null;
  product_text?: string;
  product_version?: string;
  vuln_type?: string;
  cwe?: string;
  gbt_class?: string;
  location?: string;
  trigger_conditions?: string;
  impact?: string;
  discovered_on?: string;
  already_public?: boolean;
  exploited?: boolean;
  disclosure_plans?: string;
  contact_email?: string;
  contact_name?: string;
  /** Only for those who may see who sent it; absent on case pages for others. */
  anonymous?: boolean;
  submitter?: { id: string; name: string } | null;
  channel?: string;
  received_at?: string;
  updated_at?: string;
  case_id?: string | null;
  case_ref?: string | null;
  allowed_transitions?: string[];
  attachment_count?: number;
}

export interface Confidential {
  verification?: string;
  attachments: Attachment[];
}
export interface Attachment {
  id: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
}

export interface TimelineEntry {
  id: string;
  at: string;
  actor?: string;
  actor_name?: string;
  kind: string;
  from?: string;
  to?: string;
  reason?: string;
  data?: unknown;
}

export interface Clock {
  kind: ClockKind;
  state: ClockState;
  started_at?: string;
  due_at: string;
  due_at_local?: string;
  time_zone?: string;
  stopped_at?: string | null;
  remaining_seconds?: number;
  subject_ref?: string;
  title?: string;
  case_id?: string | null;
  report_id?: string | null;
}

export interface Assessment {
  cwe?: string;
  gbt_class?: string;
  cvss31_vector?: string;
  cvss31_score?: number | null;
  cvss40_vector?: string;
  cvss40_score?: number | null;
  grade?: Grade | '' | null;
  grade_zh?: string;
  grade_source?: string;
  /** Language-neutral since the split; older servers sent one "<en> / <zh>" string. */
  grade_basis?: GradeBasis | string | null;
}

export interface RegulatoryReport {
  id: string;
  case_id?: string;
  state?: string;
  authority?: string;
  product_name?: string;
  product_model?: string;
  product_version?: string;
  technical_characteristics?: string;
  harm?: string;
  scope?: string;
  provider_name?: string;
  contact_name?: string;
  contact_phone?: string;
  contact_email?: string;
  measures?: string;
  submitted_at?: string | null;
  submitted_by?: string | null;
  submitted_by_name?: string | null;
  channel?: string;
  reference?: string;
  created_at?: string;
  updated_at?: string;
}

export interface UpstreamNotice {
  id: string;
  upstream_provider?: string;
  upstream_org?: string;
  component?: string;
  notified_at?: string;
  method?: string;
  evidence?: string;
}
export interface UserNotice {
  id: string;
  customer?: string;
  contact?: string;
  notified_at?: string;
  method?: string;
  evidence?: string;
}

export interface Case {
  id: string;
  ref: string;
  title: string;
  summary?: string;
  state: CaseState;
  product_id?: string | null;
  provider_org?: string | null;
  affected_versions?: string;
  operator_system?: boolean;
  assessment?: Assessment;
  upstream?: { component?: string; provider_org?: string; provider_name?: string } | null;
  external_ids?: string[] | null;
  aware_at?: string;
  created_at?: string;
  updated_at?: string;
  reports?: Report[];
  participants?: unknown[];
  timeline?: TimelineEntry[];
  messages?: Message[];
  clocks?: Clock[];
  regulatory_reports?: RegulatoryReport[];
  upstream_notices?: UpstreamNotice[];
  user_notices?: UserNotice[];
  consents?: Consent[];
  allowed_transitions?: string[];
  product?: Product | null;
  permissions?: {
    read_confidential?: boolean;
    assess?: boolean;
    file?: boolean;
    propose_reward?: boolean;
    read_operator_details?: boolean;
  };
  operator_org?: string | number | null;
  grade?: Grade | '' | null;
}

export interface Product {
  id: string;
  provider_org?: string;
  provider_name?: string;
  name: string;
  model?: string;
  kind?: string;
  platform?: string;
  app_id?: string;
  store_version?: string;
  versions?: string[];
  purls?: string[];
  cpes?: string[];
  customers?: { name: string; contact?: string }[];
  created_at?: string;
}

export interface Org {
  id: string;
  name: string;
  type: string;
  region?: string;
  contact_email?: string;
  created_at?: string;
}

export interface ApiToken {
  id: string;
  name: string;
  org_id?: string;
  role?: string;
  created_at?: string;
  expires_at?: string;
  last_used_at?: string | null;
  prefix?: string;
}

export interface Receipt {
  seq: number;
  at: string;
  channel: string;
  submitter?: string;
  source_address?: string;
  content_sha256?: string;
  prev_hash?: string;
  hash: string;
  subject?: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  first_broken_seq?: number | null;
  problem?: string | null;
  head_seq?: number | null;
  head_hash?: string | null;
  reports_checked?: number;
  checkpoints_checked?: number;
  latest_checkpoint?: { seq: number; hash: string; at: string; key: string; sig: string } | null;
  signing_key?: string;
}

export interface DashboardData {
  cases_by_state?: Record<string, number>;
  cases_by_grade?: Record<string, number>;
  regulatory_compliance?: { week: string; met_on_time: number; total: number }[];
  time_to_fix_days?: { grade: string; median_days: number | null; count: number }[];
}

export interface CvssResult {
  version: string;
  vector: string;
  score: number;
  severity?: string;
  base_score?: number;
  grade?: string;
  grade_zh?: string;
  grade_source?: string;
}

export interface GbtClass {
  code: string;
  name_zh: string;
  name_en: string;
  parent?: string | null;
}
export type { CweEntry } from '../lib/cwe';

export interface Tracking {
  tracking_id: string;
  title: string;
  state: ReportState;
  received_at: string;
  updated_at?: string;
  case?: { ref: string; state: CaseState } | null;
  messages: Message[];
}

export interface Submitted {
  id: string;
  tracking_id: string;
  tracking_token: string;
  receipt?: { seq: number; hash: string; at: string };
}

export interface PolicySetting {
  field: string;
  value: number;
  configured: number;
  stored: boolean;
  min: number;
  max: number;
  updated_at?: string | null;
  updated_by?: string | null;
}
export interface PolicyInfo {
  settings: PolicySetting[];
  editable: boolean;
  time_zone?: string;
  grading?: string;
  [field: string]: unknown;
}
export interface PolicyChange {
  id: string;
  at: string;
  actor: string;
  field: string;
  old_value: number;
  new_value: number;
  stored: boolean;
}

/** One language's text of an advisory (公告); the shape is formats/advisory_json.h's. */
export interface AdvisoryText {
  title: string;
  summary: string;
  impact: string;
  existence_statement: string;
  detection: string;
  solution: string;
}

export interface AffectedProduct {
  product_id?: string | number | null;
  vendor?: string;
  name: string;
  purl?: string;
  cpe?: string;
  range?: string;
  versions?: string[];
  fixed_version?: string;
}

export interface AdvisoryCredit {
  name: string;
  role?: string;
  user_id?: string | number | null;
}

export interface AdvisoryReference {
  url: string;
  kind?: string;
  summary?: string;
}

export type AdvisoryState = 'draft' | 'in_review' | 'approved' | 'published' | 'withdrawn';

/** The advisory (公告) as published, or as its working copy reads (preview). */
export interface AdvisoryDoc {
  ref: string;
  zh: AdvisoryText;
  en: AdvisoryText;
  grade?: Grade | null;
  cvss31_vector?: string;
  cvss31_score?: number | null;
  cvss40_vector?: string;
  cvss40_score?: number | null;
  cwe?: number | null;  // the CWE number: 79 for CWE-79
  gbt_class?: string;
  affected: AffectedProduct[];
  credits: AdvisoryCredit[];
  references: AdvisoryReference[];
  external_ids: string[];
  publisher?: string;
  verifier?: string;
  tlp?: string;
  revision: number;
  published_at?: string | null;
  history?: { number: number; at: string; by: string; change: string }[];
}

/** GET /api/v1/cases/{id}/advisory: the working copy. */
export interface Advisory extends AdvisoryDoc {
  id: string | number;
  case_id: string | number;
  state: AdvisoryState;
  revisions: { revision: number; published_at: string; published_by: string; change: string; tlp: string }[];
  allowed_transitions: AdvisoryState[];
  permissions: { edit: boolean };
  updated_at?: string;
}

/** One line of GET /api/v1/cases/{id}/advisory/gates. */
export interface GateCheck {
  gate: string;
  rule: string;
  passed: boolean;
  message: string;
  message_zh: string;
}

export interface Blackout {
  id: string | number;
  name: string;
  start: string;
  end: string;
  created_by_name?: string;
  created_at?: string;
}

export interface Consent {
  id: string | number;
  kind: 'mps_blackout' | 'early_release';
  provider?: string;
  miit_reference?: string;
  miit_date?: string;
  mps_reference?: string;
  mps_date?: string;
  notes?: string;
  recorded_by_name?: string;
  recorded_at?: string;
}

/** GET /api/v1/public/advisories: the last published revision. */
export interface PublicAdvisory extends AdvisoryDoc {
  title: string;
  summary?: string;
  updated_at?: string;
}

/** One of the signed-in user's own reports (GET /api/v1/my/reports). */
export interface MyReport {
  id: string;
  tracking_id: string;
  title: string;
  state: ReportState;
  product_text?: string;
  received_at: string;
  updated_at?: string;
}

// ---- Exchange between parties (issue 9): notifications, webhooks, the outbox, federation, the authority.

export type NotifyEvent = string;
export interface NotificationPrefs {
  email: boolean;
  /** Empty: every event. */
  events: NotifyEvent[];
  min_grade: Grade | null;
  mode: 'immediate' | 'digest';
  language: 'zh-CN' | 'en-US' | 'both';
}

export interface Webhook {
  id: number;
  org_id: number;
  url: string;
  description?: string;
  events: NotifyEvent[];
  min_grade: Grade | null;
  enabled: boolean;
  consecutive_failures: number;
  disabled_reason?: string;
  created_at: string;
  updated_at?: string;
}
/** POST .../webhooks and POST .../secret: the only time the secret is sent. */
export interface WebhookWithSecret extends Webhook {
  secret: string;
}

export type DeliveryState = 'pending' | 'sending' | 'sent' | 'dead';
export type DeliveryKind = 'email' | 'webhook' | 'federation';
export interface DeliveryCounts {
  pending: number;
  sending: number;
  sent: number;
  dead: number;
}
export interface Delivery {
  id: number;
  kind: DeliveryKind;
  event: string;
  idempotency_key: string;
  org_id: number | null;
  subject: { type: string; id: number };
  target: string;
  state: DeliveryState;
  attempts: number;
  max_attempts: number;
  next_attempt_at: string | null;
  last_error: string;
  last_status: number;
  response: string;
  created_at: string;
  sent_at: string | null;
  email_subject?: string;
}
export interface DeliveryAttempt {
  at: string;
  status: number;
  error: string;
  duration_ms: number;
}
/** GET /deliveries/{id}: `attempts` is the attempt timeline there (a count in the list). */
export interface DeliveryDetail extends Omit<Delivery, 'attempts'> {
  attempts: DeliveryAttempt[];
}
export interface DeliveriesPage {
  items: Delivery[];
  counts: DeliveryCounts;
  next_cursor: string | null;
}

export interface Peer {
  id: number;
  name: string;
  base_url: string;
  org_id: number;
  pinned_cert_sha256?: string;
  created_at: string;
}

export type FilingState = 'sending' | 'received' | 'acknowledged' | 'returned' | 'failed';
export interface Filing {
  id: number;
  regulatory_report_id: number;
  peer_id: number;
  delivery_id: number;
  state: FilingState;
  peer_reference: string;
  peer_receipt_seq: number;
  peer_receipt_hash: string;
  received_at: string | null;
  decided_at: string | null;
  note: string;
  created_at: string;
}

export interface InboxFields {
  product_name?: string;
  product_model?: string;
  product_version?: string;
  technical_characteristics?: string;
  harm?: string;
  scope?: string;
  provider_name?: string;
  contact_name?: string;
  contact_phone?: string;
  contact_email?: string;
  measures?: string;
}
export interface JointAssessment {
  participants: string[];
  conclusion: string;
  grade?: string;
  early_release?: '' | 'approved' | 'refused';
  at?: string;
  by?: string;
}
export type InboxState = 'received' | 'acknowledged' | 'returned';
export interface InboxItem {
  id: number;
  reference: string;
  from_org: number;
  case_ref: string;
  fields: InboxFields;
  forwarded_from?: unknown;
  aware_at: string;
  received_at: string;
  delay_hours: number;
  late: boolean;
  receipt: { seq: number; hash: string };
  state: InboxState;
  decision_note: string;
  decided_at: string | null;
  forwarded: { peer_id?: number; peer?: string; at?: string; delivery_id?: number; outbox_id?: number }[] | null;
  joint_assessment: JointAssessment | null;
}

export interface TimelinessProvider {
  org_id: number;
  name: string;
  reports: number;
  late: number;
  median_delay_hours: number;
  max_delay_hours: number;
}
export interface TimelinessItem {
  reference: string;
  org_id: number;
  provider: string;
  case_ref: string;
  aware_at: string;
  received_at: string;
  delay_hours: number;
  late: boolean;
}
export interface Timeliness {
  limit_hours: number;
  providers: TimelinessProvider[];
  items: TimelinessItem[];
}
