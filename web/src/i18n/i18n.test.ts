import { describe, expect, it } from 'vitest';
import { dictionaries, translate, translateDynamic } from './index';

describe('i18n dictionaries', () => {
  it('zh-CN and en-US have identical key sets', () => {
    const zh = Object.keys(dictionaries['zh-CN']).sort();
    const en = Object.keys(dictionaries['en-US']).sort();
    expect(en).toEqual(zh);
  });
  it('no value is empty or a raw key', () => {
    for (const lang of ['zh-CN', 'en-US'] as const)
      for (const [k, v] of Object.entries(dictionaries[lang])) {
        expect(v.trim(), `${lang} ${k}`).not.toBe('');
        expect(v, `${lang} ${k}`).not.toBe(k);
      }
  });
  it('placeholders match between languages', () => {
    const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join(',');
    for (const k of Object.keys(dictionaries['zh-CN']) as (keyof (typeof dictionaries)['zh-CN'])[])
      expect(ph(dictionaries['en-US'][k]), k).toBe(ph(dictionaries['zh-CN'][k]));
  });
  it('interpolates and falls back to the value for unknown dynamic keys', () => {
    expect(translate('en-US', 'pager.total', { n: 5 })).toBe('5 in total');
    expect(translateDynamic('zh-CN', 'caseState', 'fixing')).toBe('修复中');
    expect(translateDynamic('en-US', 'caseState', 'frobbed')).toBe('frobbed');
  });
});
