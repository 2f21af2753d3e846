// Dates and times in the viewer's zone, with the zone shown.
import dayjs from 'dayjs';

export function viewerZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** "UTC+08:00" for a given instant in the viewer's zone. */
export function utcOffsetLabel(d: Date = new Date()): string {
  const m = -d.getTimezoneOffset();
  const sign = m >= 0 ? '+' : '-';
  const a = Math.abs(m);
  return `UTC${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** "2026-11-22 12:06 UTC+08:00" */
export function fmtTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = dayjs(iso);
  if (!d.isValid()) return iso;
  return `${d.format('YYYY-MM-DD HH:mm')} ${utcOffsetLabel(d.toDate())}`;
}

export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = dayjs(iso);
  return d.isValid() ? d.format('YYYY-MM-DD') : iso;
}

export interface Remaining {
  overdue: boolean;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

export function splitSeconds(total: number): Remaining {
  const overdue = total < 0;
  let s = Math.floor(Math.abs(total));
  const days = Math.floor(s / 86400);
  s -= days * 86400;
  const hours = Math.floor(s / 3600);
  s -= hours * 3600;
  const minutes = Math.floor(s / 60);
  return { overdue, days, hours, minutes, seconds: s - minutes * 60 };
}

/** "1d 02:03:04" style clock text; the day unit is localised by the caller. */
export function formatCountdown(totalSeconds: number, dayUnit: string): string {
  const r = splitSeconds(totalSeconds);
  const hms = [r.hours, r.minutes, r.seconds].map((n) => String(n).padStart(2, '0')).join(':');
  return r.days > 0 ? `${r.days}${dayUnit} ${hms}` : hms;
}

export function secondsUntil(iso: string, now: number = Date.now()): number {
  return Math.floor((new Date(iso).getTime() - now) / 1000);
}
