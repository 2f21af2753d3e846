import { describe, expect, it } from 'vitest';
import { affectedText, pickText } from './AdvisoryDocument';
import { fieldPath } from '../pages/console/AdvisoryPanel';
import type { AdvisoryDoc } from '../api/types';

const empty = { title: '', summary: '', impact: '', existence_statement: '', detection: '', solution: '' };
const doc = (zh: Partial<typeof empty>, en: Partial<typeof empty>): AdvisoryDoc => ({
  ref: 'LD-SA-1', zh: { ...empty, ...zh }, en: { ...empty, ...en }, affected: [], credits: [], references: [], external_ids: [], revision: 1,
});

describe('advisory text for the reader', () => {
  it('takes the reader\'s language, and the other one where a field is empty', () => {
    const a = doc({ title: '命令注入', solution: '' }, { title: 'Command injection', solution: 'Upgrade' });
    expect(pickText(a, 'zh-CN', 'title')).toBe('命令注入');
    expect(pickText(a, 'zh-CN', 'solution')).toBe('Upgrade');
    expect(pickText(a, 'en-US', 'title')).toBe('Command injection');
    expect(pickText(a, 'en-US', 'impact')).toBe('');
  });
  it('describes an affected product with its range or versions and fix', () => {
    expect(affectedText({ vendor: 'Acme', name: 'Router', versions: ['2.1', '2.2'], fixed_version: '2.3' })).toBe('Acme Router (2.1, 2.2) → 2.3');
    expect(affectedText({ name: 'log4j-core', range: 'vers:maven/>=2.0.0|<2.17.1' })).toBe('log4j-core (vers:maven/>=2.0.0|<2.17.1)');
  });
  it('turns the server\'s field names into form paths', () => {
    expect(fieldPath('zh.title')).toEqual(['zh', 'title']);
    expect(fieldPath('references[2].url')).toEqual(['references', 2, 'url']);
    expect(fieldPath('tlp')).toEqual(['tlp']);
  });
});
