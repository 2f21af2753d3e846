import { describe, expect, it } from 'vitest';
import { cweOptions, normalizeCwe, searchCwes, type CweEntry } from './cwe';

const catalogue: CweEntry[] = [
  { id: 'CWE-20', name_en: 'Improper Input Validation', name_zh: '输入验证不恰当', top25_rank: 12 },
  { id: 'CWE-22', name_en: "Improper Limitation of a Pathname to a Restricted Directory ('Path Traversal')", name_zh: '路径遍历', top25_rank: 5 },
  { id: 'CWE-79', name_en: "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')", name_zh: '跨站脚本', top25_rank: 1 },
  { id: 'CWE-798', name_en: 'Use of Hard-coded Credentials', name_zh: '使用硬编码凭据', top25_rank: 22 },
  { id: 'CWE-1333', name_en: 'Inefficient Regular Expression Complexity', name_zh: '正则表达式复杂度低效（ReDoS）', top25_rank: null },
];

describe('CWE picker', () => {
  it('normalises what people type into CWE ids', () => {
    expect(normalizeCwe('79')).toBe('CWE-79');
    expect(normalizeCwe(' cwe-79 ')).toBe('CWE-79');
    expect(normalizeCwe('CWE 1333')).toBe('CWE-1333');
    expect(normalizeCwe('cwe1333')).toBe('CWE-1333');
    for (const bad of ['', 'CWE-', 'CWE-079', '0', 'CWE-12345678', 'XSS', 'NVD-CWE-noinfo', '79a']) expect(normalizeCwe(bad)).toBeNull();
  });

  it('finds by id: exact first, then ids starting with the digits', () => {
    expect(searchCwes(catalogue, '79').map((e) => e.id)).toEqual(['CWE-79', 'CWE-798']);
    expect(searchCwes(catalogue, 'CWE-2').map((e) => e.id)).toEqual(['CWE-20', 'CWE-22']);
  });

  it('finds by name in English or Chinese, whatever the viewer language', () => {
    expect(searchCwes(catalogue, 'cross-site').map((e) => e.id)).toEqual(['CWE-79']);
    expect(searchCwes(catalogue, '硬编码').map((e) => e.id)).toEqual(['CWE-798']);
    expect(searchCwes(catalogue, 'redos').map((e) => e.id)).toEqual(['CWE-1333']);
    expect(searchCwes(catalogue, 'improper').map((e) => e.id)).toEqual(['CWE-79', 'CWE-22', 'CWE-20']);
  });

  it('lists the Top 25 first when nothing is typed', () => {
    expect(searchCwes(catalogue, '').map((e) => e.id)).toEqual(['CWE-79', 'CWE-22', 'CWE-20', 'CWE-798', 'CWE-1333']);
  });

  it('still offers any well-formed id the catalogue does not name', () => {
    const opts = cweOptions(catalogue, 'cwe-4242');
    expect(opts[0]).toEqual({ value: 'CWE-4242', custom: true });
    expect(cweOptions(catalogue, '79')[0]).toMatchObject({ value: 'CWE-79', entry: { id: 'CWE-79' } });
    expect(cweOptions(catalogue, '79').some((o) => o.custom)).toBe(false);
    expect(cweOptions(catalogue, 'CWE-0')).toEqual([]);
  });
});
