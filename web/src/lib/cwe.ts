// The CWE picker's logic: the server's catalogue (GET /api/v1/classes, cwes)
// searched by id or by name in either language; any well-formed CWE id is
// accepted even when the catalogue does not name it.

export interface CweEntry {
  id: string; // "CWE-79"
  name_en: string;
  name_zh: string;
  top25_rank?: number | null;
  gbt_class?: string | null;
}

/** The server's rule (assessment::parse_cwe_id): CWE- and 1 to 7 digits without a leading zero. */
export const CWE_RE = /^CWE-[1-9][0-9]{0,6}$/;

/** "79", "cwe79", "CWE 79", " cwe-79 " -> "CWE-79"; null when it is not a CWE id. */
export function normalizeCwe(input: string): string | null {
  const m = /^\s*(?:cwe\s*-?\s*)?([0-9]+)\s*$/i.exec(input);
  if (!m) return null;
  const id = `CWE-${m[1]}`;
  return CWE_RE.test(id) ? id : null;
}

function byRankThenId(a: CweEntry, b: CweEntry): number {
  const ra = a.top25_rank ?? 1000;
  const rb = b.top25_rank ?? 1000;
  if (ra !== rb) return ra - rb;
  return Number(a.id.slice(4)) - Number(b.id.slice(4));
}

/**
 * Catalogue entries matching the query: by id (exact, then ids starting with
 * the digits typed), then by name in English or Chinese, Top 25 first. An
 * empty query lists the Top 25 first, then the rest by id.
 */
export function searchCwes(catalogue: CweEntry[], query: string, limit = 50): CweEntry[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...catalogue].sort(byRankThenId).slice(0, limit);
  const digits = /^(?:cwe\s*-?\s*)?([0-9]+)$/.exec(q)?.[1];
  const exact: CweEntry[] = [];
  const prefix: CweEntry[] = [];
  const named: CweEntry[] = [];
  for (const e of catalogue) {
    const num = e.id.slice(4);
    if (digits && num === digits) exact.push(e);
    else if (digits && num.startsWith(digits)) prefix.push(e);
    else if (e.name_en.toLowerCase().includes(q) || e.name_zh.toLowerCase().includes(q) || e.id.toLowerCase().includes(q))
      named.push(e);
  }
  prefix.sort((a, b) => Number(a.id.slice(4)) - Number(b.id.slice(4)));
  named.sort(byRankThenId);
  return [...exact, ...prefix, ...named].slice(0, limit);
}

export interface CweOption {
  value: string;
  entry?: CweEntry;
  /** A well-formed id the catalogue does not name. */
  custom?: boolean;
}

/** What the picker offers for a query: a typed id the catalogue lacks first, then catalogue matches. */
export function cweOptions(catalogue: CweEntry[], query: string, limit = 50): CweOption[] {
  const found = searchCwes(catalogue, query, limit).map((entry) => ({ value: entry.id, entry }));
  const typed = normalizeCwe(query);
  if (typed && !catalogue.some((e) => e.id === typed)) return [{ value: typed, custom: true }, ...found];
  return found;
}

/** The name to show for an entry in the viewer's language. */
export function cweName(e: CweEntry | undefined, lang: string): string {
  if (!e) return '';
  return lang === 'zh-CN' ? e.name_zh || e.name_en : e.name_en || e.name_zh;
}
