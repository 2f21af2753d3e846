import { describe, expect, it } from 'vitest';
import { policyChanges } from './policy';
import type { PolicySetting } from '../api/types';

const s = (field: string, value: number, configured: number, stored: boolean): PolicySetting => ({
  field, value, configured, stored, min: 1, max: 100000,
});

describe('policy form -> PUT /api/v1/policy body', () => {
  const settings = [s('regulatory_report_hours', 24, 48, true), s('fix_high_days', 30, 30, false), s('receipt_retention_days', 365, 365, false)];

  it('sends only the settings that changed', () => {
    expect(policyChanges(settings, { regulatory_report_hours: 24, fix_high_days: 20, receipt_retention_days: 365 }, new Set())).toEqual({ fix_high_days: 20 });
    expect(policyChanges(settings, { regulatory_report_hours: 24, fix_high_days: 30 }, new Set())).toEqual({});
  });

  it('sends null to go back to the config file value, only for stored settings', () => {
    expect(policyChanges(settings, { regulatory_report_hours: 48 }, new Set(['regulatory_report_hours', 'fix_high_days']))).toEqual({
      regulatory_report_hours: null,
    });
  });

  it('ignores empty inputs (the form requires them anyway)', () => {
    expect(policyChanges(settings, { fix_high_days: null, receipt_retention_days: undefined }, new Set())).toEqual({});
  });
});
