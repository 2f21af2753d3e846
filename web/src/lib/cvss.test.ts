import { describe, expect, it } from 'vitest';
import { buildVector, METRICS, parseVector, severityOf } from './cvss';

describe('CVSS vectors from metric picks', () => {
  it('builds a 3.1 base vector in the specification order', () => {
    const picks = { A: 'H', AV: 'N', AC: 'L', PR: 'N', UI: 'N', S: 'U', C: 'H', I: 'H' };
    expect(buildVector('3.1', picks)).toBe('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
  });
  it('builds a 4.0 base vector with all eleven metrics', () => {
    const picks = { AV: 'N', AC: 'L', AT: 'N', PR: 'N', UI: 'N', VC: 'H', VI: 'H', VA: 'H', SC: 'N', SI: 'N', SA: 'N' };
    expect(buildVector('4.0', picks)).toBe('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N');
  });
  it('gives no vector while a base metric is missing', () => {
    expect(buildVector('3.1', { AV: 'N' })).toBeNull();
  });
  it('parses a vector back into picks, keeping only known base metrics', () => {
    const p = parseVector('CVSS:3.1/AV:A/AC:H/PR:L/UI:R/S:C/C:L/I:N/A:N/E:P');
    expect(p.version).toBe('3.1');
    expect(p.picks).toEqual({ AV: 'A', AC: 'H', PR: 'L', UI: 'R', S: 'C', C: 'L', I: 'N', A: 'N' });
    expect(buildVector('3.1', p.picks)).toBe('CVSS:3.1/AV:A/AC:H/PR:L/UI:R/S:C/C:L/I:N/A:N');
  });
  it('drops values a metric does not have, and unknown versions', () => {
    expect(parseVector('CVSS:3.1/AV:X/AC:L').picks).toEqual({ AC: 'L' });
    expect(parseVector('CVSS:2.0/AV:N').version).toBeNull();
    expect(parseVector('').version).toBeNull();
  });
  it('has the metric sets of each version', () => {
    expect(METRICS['3.1'].map((m) => m.key)).toEqual(['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A']);
    expect(METRICS['4.0'].map((m) => m.key)).toEqual(['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA']);
  });
  it('bands scores by severity', () => {
    expect(severityOf(0)).toBe('none');
    expect(severityOf(3.9)).toBe('low');
    expect(severityOf(4)).toBe('medium');
    expect(severityOf(7)).toBe('high');
    expect(severityOf(9)).toBe('critical');
    expect(severityOf(null)).toBeNull();
  });
});
