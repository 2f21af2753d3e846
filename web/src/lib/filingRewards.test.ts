import { describe, expect, it } from 'vitest';
import { formatAmount, minorDigits, toMinor } from './filingRewards';

describe('reward amounts', () => {
  it('turns what people type into minor units without floating-point drift', () => {
    expect(toMinor('5000', 'CNY')).toBe(500000);
    expect(toMinor(5000.5, 'CNY')).toBe(500050);
    expect(toMinor('0.29', 'CNY')).toBe(29); // 0.29 * 100 is 28.999... in floating point
    expect(toMinor('1.2345', 'CNY')).toBe(123); // digits past the currency's are dropped
    expect(toMinor('300', 'JPY')).toBe(300);
    expect(toMinor('1.5', 'KWD')).toBe(1500);
  });
  it('shows minor units in the currency\'s own digits', () => {
    expect(formatAmount(500000, 'CNY')).toBe('5,000.00 CNY');
    expect(formatAmount(29, 'CNY')).toBe('0.29 CNY');
    expect(formatAmount(300, 'JPY')).toBe('300 JPY');
    expect(formatAmount(1500, 'KWD', 3)).toBe('1.500 KWD');
    expect(minorDigits('USD')).toBe(2);
  });
});
