// Pure helpers of the exchange pages (issue 9): the event list, who may see
// which page, the delay of a regulatory report, the webhook signature check.
import { translate, type Lang } from '../i18n';
import type { DeliveryCounts, Org, User } from '../api/types';

/** The events people and systems may subscribe to (the server's kNotificationEvents). */
export const NOTIFY_EVENTS = [
  'report.received',
  'report.state_changed',
  'case.confirmed',
  'case.state_changed',
  'clock.due_soon',
  'clock.overdue',
  'regulatory_report.submitted',
  'regulatory_report.acknowledged',
  'regulatory_report.returned',
  'user_notice.owed',
  'upstream_notice.received',
  'delivery.failed',
  'webhook.disabled',
  'ping',
] as const;

export const GRADES = ['critical', 'high', 'medium', 'low'] as const;

/** Art. 7(2): two days from awareness to the report. */
export const REPORT_LIMIT_HOURS = 48;

const sameId = (a: unknown, b: unknown) => String(a) === String(b);

/** Rounds to one decimal and drops a trailing ".0". */
function oneDecimal(x: number): string {
  return String(Math.round(x * 10) / 10);
}

/**
 * A report's delay from awareness to receipt, for people: "5 小时" / "5 hours" under
 * the limit, "360 小时 / 15 天" / "360 hours / 15 days" from 48 hours on.
 */
export function delayText(lang: Lang, hours: number): string {
  const h = Math.max(0, hours);
  if (h < 1) return translate(lang, 'delay.underHour');
  const wholeHours = h >= 10 ? String(Math.round(h)) : oneDecimal(h);
  if (h < REPORT_LIMIT_HOURS) return translate(lang, 'delay.hours', { hours: wholeHours });
  return translate(lang, 'delay.hoursDays', { hours: wholeHours, days: oneDecimal(h / 24) });
}

export function isLate(hours: number, limit = REPORT_LIMIT_HOURS): boolean {
  return hours > limit;
}

/** Organisations whose webhooks the user may manage: all for platform admins, else where they are admin. */
export function webhookOrgs(user: User | null, orgs: Org[]): Org[] {
  if (!user) return [];
  if (user.platform_admin) return orgs;
  const mine = (user.memberships ?? []).filter((m) => m.role === 'admin');
  return orgs.filter((o) => mine.some((m) => sameId(m.org_id, o.id)));
}

/** Members of an authority organisation (any role) and platform admins see the authority pages. */
export function isAuthorityUser(user: User | null, orgs: Org[]): boolean {
  if (!user) return false;
  if (user.platform_admin) return true;
  return (user.memberships ?? []).some((m) => orgs.some((o) => o.type === 'authority' && sameId(o.id, m.org_id)));
}

/** The deliveries view answers platform admins and each organisation's admins and coordinators. */
export function canSeeDeliveries(user: User | null): boolean {
  if (!user) return false;
  return !!user.platform_admin || (user.memberships ?? []).some((m) => m.role === 'admin' || m.role === 'coordinator');
}

/** Keep refreshing while the outbox still has work. */
export function outboxBusy(counts: DeliveryCounts | undefined, states: string[] = []): boolean {
  if (counts && (counts.pending > 0 || counts.sending > 0)) return true;
  return states.some((s) => s === 'pending' || s === 'sending');
}

/**
 * How a receiver checks a loudong webhook (Node.js). Shown under a new secret;
 * the vitest suite runs this very text against a signature made the server's way.
 */
export const SIGNATURE_SNIPPET = `const crypto = require('node:crypto');

// headers: the request's headers (lower-case names); rawBody: the body exactly as received;
// seen: the delivery ids handled already (a Set here; a table in practice).
// Answers 'ok' (handle it), 'duplicate' (answer 2xx, do nothing) or 'invalid' (answer 401).
function verifyLoudong(headers, rawBody, secret, seen) {
  const parts = {};
  for (const p of String(headers['x-loudong-signature'] || '').split(',')) {
    const i = p.indexOf('=');
    if (i > 0) (parts[p.slice(0, i)] ??= []).push(p.slice(i + 1));
  }
  const t = Number(parts.t?.[0]);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > 300) return 'invalid'; // older than 5 minutes
  const expected = crypto.createHmac('sha256', secret).update(t + '.' + rawBody).digest('hex');
  const match = (v) => v.length === expected.length && crypto.timingSafeEqual(Buffer.from(v), Buffer.from(expected));
  if (!(parts.v1 ?? []).some(match)) return 'invalid';
  const id = headers['x-loudong-delivery']; // a retried delivery keeps its id
  if (seen.has(id)) return 'duplicate';
  seen.add(id);
  return 'ok';
}`;
