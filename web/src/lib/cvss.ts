// CVSS base-metric pickers: which metrics, which values, and the vector
// string they make. Scoring itself is the server's (GET /api/v1/cvss).
import type { MessageKey } from '../i18n/zh-CN';

export type CvssVersion = '3.1' | '4.0';

export interface MetricDef {
  key: string;
  label: MessageKey;
  values: { v: string; label: MessageKey }[];
}

const AV: MetricDef = {
  key: 'AV',
  label: 'cvss.m.AV',
  values: [
    { v: 'N', label: 'cvss.v.AV.N' },
    { v: 'A', label: 'cvss.v.AV.A' },
    { v: 'L', label: 'cvss.v.AV.L' },
    { v: 'P', label: 'cvss.v.AV.P' },
  ],
};
const AC: MetricDef = {
  key: 'AC',
  label: 'cvss.m.AC',
  values: [
    { v: 'L', label: 'cvss.v.low' },
    { v: 'H', label: 'cvss.v.high' },
  ],
};
const PR: MetricDef = {
  key: 'PR',
  label: 'cvss.m.PR',
  values: [
    { v: 'N', label: 'cvss.v.none' },
    { v: 'L', label: 'cvss.v.low' },
    { v: 'H', label: 'cvss.v.high' },
  ],
};
const cia = (key: string, label: MessageKey): MetricDef => ({
  key,
  label,
  values: [
    { v: 'H', label: 'cvss.v.high' },
    { v: 'L', label: 'cvss.v.low' },
    { v: 'N', label: 'cvss.v.none' },
  ],
});

export const METRICS: Record<CvssVersion, MetricDef[]> = {
  '3.1': [
    AV,
    AC,
    PR,
    {
      key: 'UI',
      label: 'cvss.m.UI',
      values: [
        { v: 'N', label: 'cvss.v.none' },
        { v: 'R', label: 'cvss.v.UI.R' },
      ],
    },
    {
      key: 'S',
      label: 'cvss.m.S',
      values: [
        { v: 'U', label: 'cvss.v.S.U' },
        { v: 'C', label: 'cvss.v.S.C' },
      ],
    },
    cia('C', 'cvss.m.C'),
    cia('I', 'cvss.m.I'),
    cia('A', 'cvss.m.A'),
  ],
  '4.0': [
    AV,
    AC,
    {
      key: 'AT',
      label: 'cvss.m.AT',
      values: [
        { v: 'N', label: 'cvss.v.none' },
        { v: 'P', label: 'cvss.v.AT.P' },
      ],
    },
    PR,
    {
      key: 'UI',
      label: 'cvss.m.UI',
      values: [
        { v: 'N', label: 'cvss.v.none' },
        { v: 'P', label: 'cvss.v.UI.P' },
        { v: 'A', label: 'cvss.v.UI.A' },
      ],
    },
    cia('VC', 'cvss.m.VC'),
    cia('VI', 'cvss.m.VI'),
    cia('VA', 'cvss.m.VA'),
    cia('SC', 'cvss.m.SC'),
    cia('SI', 'cvss.m.SI'),
    cia('SA', 'cvss.m.SA'),
  ],
};

export type Picks = Record<string, string>;

/** The vector for the picks, or null while a base metric is still unpicked. */
export function buildVector(version: CvssVersion, picks: Picks): string | null {
  const parts: string[] = [`CVSS:${version}`];
  for (const m of METRICS[version]) {
    const v = picks[m.key];
    if (!v) return null;
    parts.push(`${m.key}:${v}`);
  }
  return parts.join('/');
}

/** Reads the base metrics out of a vector; unknown or extra metrics are kept out. */
export function parseVector(vector: string | null | undefined): { version: CvssVersion | null; picks: Picks } {
  const picks: Picks = {};
  if (!vector) return { version: null, picks };
  const parts = vector.trim().split('/');
  const head = parts.shift() ?? '';
  const version: CvssVersion | null = head === 'CVSS:3.1' ? '3.1' : head === 'CVSS:4.0' ? '4.0' : null;
  if (!version) return { version, picks };
  const defs = METRICS[version];
  for (const p of parts) {
    const [k, v] = p.split(':');
    const def = defs.find((d) => d.key === k);
    if (def && v && def.values.some((x) => x.v === v)) picks[k] = v;
  }
  return { version, picks };
}

/** Qualitative severity from a score (FIRST's bands), for colouring only. */
export function severityOf(score: number | null | undefined): 'none' | 'low' | 'medium' | 'high' | 'critical' | null {
  if (score === null || score === undefined || Number.isNaN(score)) return null;
  if (score === 0) return 'none';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  if (score < 9) return 'high';
  return 'critical';
}
