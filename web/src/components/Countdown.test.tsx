import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import { I18nProvider } from '../i18n';
import { Countdown } from './Countdown';
import { formatCountdown, secondsUntil, splitSeconds } from '../lib/time';

describe('countdown arithmetic', () => {
  it('splits seconds into days, hours, minutes and seconds', () => {
    expect(splitSeconds(2 * 86400 + 3 * 3600 + 4 * 60 + 5)).toEqual({ overdue: false, days: 2, hours: 3, minutes: 4, seconds: 5 });
    expect(splitSeconds(-61)).toEqual({ overdue: true, days: 0, hours: 0, minutes: 1, seconds: 1 });
  });
  it('formats with a day unit only when there are days', () => {
    expect(formatCountdown(47 * 3600 + 59 * 60 + 59, 'd')).toBe('1d 23:59:59');
    expect(formatCountdown(59, 'd')).toBe('00:00:59');
    expect(formatCountdown(-3600, '天')).toBe('01:00:00');
  });
  it('counts to a due time', () => {
    expect(secondsUntil('2026-11-24T04:00:00Z', Date.parse('2026-11-22T04:00:00Z'))).toBe(172800);
  });
});

describe('<Countdown>', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('ticks every second and turns into overdue', () => {
    const now = Date.parse('2026-11-22T04:00:00Z');
    vi.setSystemTime(now);
    render(
      <I18nProvider lang="en-US">
        <Countdown due="2026-11-22T04:00:02Z" />
      </I18nProvider>,
    );
    expect(screen.getByTestId('countdown').textContent).toBe('00:00:02 left');
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(screen.getByTestId('countdown').textContent).toBe('00:00:01 left');
    act(() => {
      vi.advanceTimersByTime(3000);
    });
    expect(screen.getByTestId('countdown').textContent).toBe('overdue by 00:00:02');
  });

  it('speaks Chinese by default', () => {
    vi.setSystemTime(Date.parse('2026-11-22T04:00:00Z'));
    render(
      <I18nProvider lang="zh-CN">
        <Countdown due="2026-11-24T03:59:59Z" />
      </I18nProvider>,
    );
    expect(screen.getByTestId('countdown').textContent).toBe('剩余 1天 23:59:59');
  });
});
