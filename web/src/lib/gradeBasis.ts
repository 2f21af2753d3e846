// The grading basis of a case, worded in the viewer's language from the
// server's language-neutral code and parameters (assessment::GradeDecision).
import { translate, translateDynamic, type Lang } from '../i18n';
import type { MessageKey } from '../i18n/zh-CN';

export interface GradeBasis {
  code: string;
  params?: Record<string, string>;
  en?: string;
  zh?: string;
}

const CODES: Record<string, MessageKey> = {
  official_table: 'basis.official_table',
  derived_from_cvss: 'basis.derived_from_cvss',
  no_score: 'basis.no_score',
  score_out_of_range: 'basis.score_out_of_range',
};
const REASONS: Record<string, MessageKey> = {
  no_official_table: 'basis.reason.no_official_table',
  indicators_not_assessed: 'basis.reason.indicators_not_assessed',
  official_table_failed: 'basis.reason.official_table_failed',
};

/** Servers before the split sent one string, "<English> / <Chinese>": show the viewer's half. */
function legacyText(basis: string, lang: Lang): string {
  const i = basis.indexOf(' / ');
  if (i < 0) return basis;
  const first = basis.slice(0, i);
  const second = basis.slice(i + 3);
  const zhFirst = /[\u4e00-\u9fff]/.test(first);
  return lang === 'zh-CN' ? (zhFirst ? first : second) : zhFirst ? second : first;
}

export function gradeBasisText(basis: GradeBasis | string | null | undefined, lang: Lang): string {
  if (!basis) return '';
  if (typeof basis === 'string') return legacyText(basis, lang);
  const key = CODES[basis.code];
  const p = basis.params ?? {};
  if (!key || (p.reason && !REASONS[p.reason])) return (lang === 'zh-CN' ? basis.zh || basis.en : basis.en || basis.zh) ?? '';
  const vars: Record<string, string> = { ...p };
  if (p.reason) vars.reason = translate(lang, REASONS[p.reason]);
  for (const g of ['grade', 'technical_grade']) if (p[g]) vars[g] = translateDynamic(lang, 'grade', p[g]);
  return translate(lang, key, vars);
}
