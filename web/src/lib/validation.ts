// Client-side checks for the report form, mirroring the server's intake rules
// (services/intake.cpp). The server stays the judge; its field errors are
// shown next to the same fields.
import type { MessageKey } from '../i18n/zh-CN';
import { CWE_RE } from './cwe';

export const LIMITS = {
  maxTitle: 300,
  maxText: 64 * 1024,
  maxProductText: 500,
  maxVersion: 200,
  maxEmail: 254,
  maxName: 200,
  maxAttachments: 5,
  maxAttachmentBytes: 10 * 1024 * 1024,
};

export interface ReportFormValues {
  title?: string;
  product_id?: string | null;
  product_text?: string;
  product_version?: string;
  vuln_type?: string;
  cwe?: string;
  gbt_class?: string;
  location?: string;
  trigger_conditions?: string;
  impact?: string;
  verification?: string;
  discovered_on?: string;
  disclosure_plans?: string;
  contact_email?: string;
  contact_name?: string;
}

export interface FileInfo {
  name: string;
  size: number;
}

export type FieldProblems = Record<string, { key: MessageKey; vars?: Record<string, string | number> }>;

export { CWE_RE };

/** Same test as the server's plausible_email: an '@' after the first character, a '.' after it, no blanks or angle brackets. */
export function isPlausibleEmail(s: string): boolean {
  const at = s.indexOf('@');
  return s.length <= LIMITS.maxEmail && at > 0 && s.indexOf('.', at) !== -1 && !/[ \t\r\n<>]/.test(s);
}

function byteLength(s: string): number {
  return new TextEncoder().encode(s).length;
}

export function validateReport(
  v: ReportFormValues,
  opts: { anonymous: boolean; today: string; files?: FileInfo[] },
): FieldProblems {
  const p: FieldProblems = {};
  const req = (f: keyof ReportFormValues) => {
    if (!String(v[f] ?? '').trim()) p[f] = { key: 'validation.required' };
  };
  const max = (f: keyof ReportFormValues, n: number) => {
    const s = String(v[f] ?? '');
    if (!p[f] && byteLength(s) > n) p[f] = { key: 'validation.tooLong', vars: { max: n } };
  };
  req('title');
  max('title', LIMITS.maxTitle);
  if (!v.product_id) req('product_text');
  max('product_text', LIMITS.maxProductText);
  max('product_version', LIMITS.maxVersion);
  req('impact');
  for (const f of ['location', 'trigger_conditions', 'impact', 'verification', 'disclosure_plans'] as const)
    max(f, LIMITS.maxText);
  const cwe = (v.cwe ?? '').trim();
  if (cwe && !CWE_RE.test(cwe.toUpperCase())) p.cwe = { key: 'validation.cwe' };
  const d = (v.discovered_on ?? '').trim();
  if (d) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(Date.parse(d))) p.discovered_on = { key: 'validation.date' };
    else if (d > opts.today) p.discovered_on = { key: 'validation.future' };
  }
  const email = (v.contact_email ?? '').trim();
  if (opts.anonymous && !email) p.contact_email = { key: 'validation.emailRequired' };
  else if (email && !isPlausibleEmail(email)) p.contact_email = { key: 'validation.email' };
  max('contact_name', LIMITS.maxName);
  const files = opts.files ?? [];
  if (files.length > LIMITS.maxAttachments)
    p.attachments = { key: 'validation.tooManyFiles', vars: { max: LIMITS.maxAttachments } };
  else {
    const big = files.find((f) => f.size > LIMITS.maxAttachmentBytes);
    const empty = files.find((f) => f.size === 0);
    if (big) p.attachments = { key: 'validation.fileTooLarge', vars: { name: big.name, max: '10 MB' } };
    else if (empty) p.attachments = { key: 'validation.fileEmpty', vars: { name: empty.name } };
    else {
      const bad = files.find((f) => /[/\\]/.test(f.name));
      if (bad) p.attachments = { key: 'validation.fileName', vars: { name: bad.name } };
    }
  }
  return p;
}

/** Server field names like "attachments[0].data" map to the form item "attachments". */
export function formFieldFor(serverField: string): string {
  const m = /^([a-z_]+)/.exec(serverField);
  return m ? m[1] : serverField;
}
