import { describe, expect, it } from 'vitest';
import { gradeBasisText } from './gradeBasis';

const CJK = /[\u4e00-\u9fff]/;

describe('grading basis in the viewer language', () => {
  const derived = { code: 'derived_from_cvss', params: { reason: 'no_official_table', score: '9.8', grade: 'critical' }, en: 'x', zh: 'y' };

  it('words a derived grade from code and parameters', () => {
    const en = gradeBasisText(derived, 'en-US');
    expect(en).toContain('9.8');
    expect(en).toContain('Critical');
    expect(en).toMatch(/not an official GB\/T 30279-2020 grade/);
    expect(en).not.toMatch(CJK);
    const zh = gradeBasisText(derived, 'zh-CN');
    expect(zh).toContain('9.8');
    expect(zh).toContain('超危');
    expect(zh).toContain('未加载');
  });

  it('words the official table and the cases without a grade', () => {
    const off = {
      code: 'official_table',
      params: { source: 'T1', exploitability: 'network/low/none/none', exploitability_level: 'high', impact: 'serious/serious/serious',
        impact_level: 'high', technical_grade: 'high', environment: 'low/high/high', grade: 'critical' },
    };
    expect(gradeBasisText(off, 'en-US')).toMatch(/T1.*network\/low\/none\/none.*High.*Critical/);
    expect(gradeBasisText(off, 'zh-CN')).toMatch(/分级表（T1）.*高危.*超危/);
    expect(gradeBasisText({ code: 'no_score', params: { reason: 'indicators_not_assessed' } }, 'en-US')).toMatch(/not assessed.*no CVSS base score/);
    expect(gradeBasisText({ code: 'score_out_of_range', params: { reason: 'official_table_failed', score: '0.0' } }, 'zh-CN')).toContain('0.0');
  });

  it('falls back to the server wording for codes it does not know, and splits old mixed strings', () => {
    expect(gradeBasisText({ code: 'future_code', en: 'E', zh: '中' }, 'en-US')).toBe('E');
    expect(gradeBasisText({ code: 'text', en: 'E', zh: '中' }, 'zh-CN')).toBe('中');
    expect(gradeBasisText('derived from 7.5 / 由 7.5 推导', 'zh-CN')).toBe('由 7.5 推导');
    expect(gradeBasisText('derived from 7.5 / 由 7.5 推导', 'en-US')).toBe('derived from 7.5');
    expect(gradeBasisText(null, 'en-US')).toBe('');
  });
});
