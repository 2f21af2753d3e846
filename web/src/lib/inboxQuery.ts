// The reports inbox's filters, as kept in the address bar, and the query the
// server is sent for them (GET /api/v1/reports).
import dayjs from 'dayjs';

/** The grade of the report's case; `none`: no case yet, or a case not graded. */
export const INBOX_GRADES = ['critical', 'high', 'medium', 'low', 'none'] as const;
export type InboxGrade = (typeof INBOX_GRADES)[number];

export const INBOX_STATES = ['received', 'triage', 'needs_info', 'rejected', 'duplicate', 'accepted'] as const;

export interface InboxFilters {
  state: string;
  product_id: string;
  grade: string;
  from: string; // YYYY-MM-DD, the viewer's day
  to: string;
  order: 'asc' | 'desc';
  text: string;
}

function oneOf<T extends string>(v: string | null, allowed: readonly T[]): T | '' {
  return v && (allowed as readonly string[]).includes(v) ? (v as T) : '';
}

/** Filters from the address bar; values the inbox does not offer are dropped. */
export function filtersFromParams(params: URLSearchParams, text: string): InboxFilters {
  return {
    state: oneOf(params.get('state'), INBOX_STATES),
    product_id: /^\d+$/.test(params.get('product_id') ?? '') ? (params.get('product_id') as string) : '',
    grade: oneOf(params.get('grade'), INBOX_GRADES),
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
    text,
  };
}

/** The query for the server: empty filters left out, days widened to the viewer's whole days in UTC instants. */
export function inboxQuery(f: InboxFilters): Record<string, string> {
  const q: Record<string, string> = {};
  if (f.state) q.state = f.state;
  if (f.product_id) q.product_id = f.product_id;
  if (f.grade) q.grade = f.grade;
  if (f.from && dayjs(f.from).isValid()) q.from = dayjs(f.from).startOf('day').toISOString();
  if (f.to && dayjs(f.to).isValid()) q.to = dayjs(f.to).endOf('day').toISOString();
  if (f.order === 'asc') q.order = 'asc';
  const text = f.text.trim();
  if (text) q.text = text;
  return q;
}
