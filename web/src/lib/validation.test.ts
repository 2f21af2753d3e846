import { describe, expect, it } from 'vitest';
import { formFieldFor, isPlausibleEmail, LIMITS, validateReport } from './validation';

const ok = { title: 'XSS', product_text: 'Router', impact: 'bad', contact_email: 'a@b.org' };
const opts = { anonymous: true, today: '2026-11-22' };

describe('report form validation (mirrors the server)', () => {
  it('accepts a minimal anonymous report', () => {
    expect(validateReport(ok, opts)).toEqual({});
  });
  it('requires title, product and impact, and an email when anonymous', () => {
    const p = validateReport({}, opts);
    expect(Object.keys(p).sort()).toEqual(['contact_email', 'impact', 'product_text', 'title']);
    expect(p.contact_email.key).toBe('validation.emailRequired');
    expect(validateReport({ ...ok, contact_email: '' }, { ...opts, anonymous: false })).toEqual({});
  });
  it('does not need product text when a known product is picked', () => {
    expect(validateReport({ ...ok, product_text: '', product_id: '7' }, opts)).toEqual({});
  });
  it('checks the email as the server does', () => {
    expect(isPlausibleEmail('a@b.org')).toBe(true);
    expect(isPlausibleEmail('@b.org')).toBe(false);
    expect(isPlausibleEmail('a@borg')).toBe(false);
    expect(isPlausibleEmail('a b@c.org')).toBe(false);
    expect(isPlausibleEmail('<a@c.org>')).toBe(false);
    expect(validateReport({ ...ok, contact_email: 'nope' }, opts).contact_email.key).toBe('validation.email');
  });
  it('checks CWE form, dates and lengths', () => {
    expect(validateReport({ ...ok, cwe: 'cwe-79' }, opts)).toEqual({});
    expect(validateReport({ ...ok, cwe: 'XSS' }, opts).cwe.key).toBe('validation.cwe');
    expect(validateReport({ ...ok, discovered_on: '2026-11-23' }, opts).discovered_on.key).toBe('validation.future');
    expect(validateReport({ ...ok, discovered_on: '22/11/2026' }, opts).discovered_on.key).toBe('validation.date');
    expect(validateReport({ ...ok, title: 'x'.repeat(301) }, opts).title.key).toBe('validation.tooLong');
    // bytes, like the server: 100 Chinese characters are 300 bytes
    expect(validateReport({ ...ok, title: '漏'.repeat(100) }, opts)).toEqual({});
    expect(validateReport({ ...ok, title: '漏'.repeat(101) }, opts).title.key).toBe('validation.tooLong');
  });
  it('limits attachments in number, size and name', () => {
    const f = (name: string, size = 10) => ({ name, size });
    expect(validateReport(ok, { ...opts, files: Array.from({ length: 6 }, (_, i) => f(`f${i}`)) }).attachments.key).toBe('validation.tooManyFiles');
    expect(validateReport(ok, { ...opts, files: [f('big', LIMITS.maxAttachmentBytes + 1)] }).attachments.key).toBe('validation.fileTooLarge');
    expect(validateReport(ok, { ...opts, files: [f('empty', 0)] }).attachments.key).toBe('validation.fileEmpty');
    expect(validateReport(ok, { ...opts, files: [f('poc.txt')] })).toEqual({});
  });
  it('maps server field names onto form items', () => {
    expect(formFieldFor('attachments[0].data')).toBe('attachments');
    expect(formFieldFor('contact_email')).toBe('contact_email');
  });
});
