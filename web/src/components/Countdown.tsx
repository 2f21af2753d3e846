import { useEffect, useState } from 'react';
import { Typography } from 'antd';
import { useI18n } from '../i18n';
import { formatCountdown, secondsUntil } from '../lib/time';

/** Live countdown to `due`; negative time is shown as overdue. */
export function Countdown({ due, stopped, now }: { due: string; stopped?: boolean; now?: () => number }) {
  const { t } = useI18n();
  const clock = now ?? Date.now;
  const [left, setLeft] = useState(() => secondsUntil(due, clock()));
  useEffect(() => {
    if (stopped) return;
    setLeft(secondsUntil(due, clock()));
    const h = window.setInterval(() => setLeft(secondsUntil(due, clock())), 1000);
    return () => window.clearInterval(h);
  }, [due, stopped, clock]);
  if (stopped) return <Typography.Text type="secondary">{t('clock.stopped')}</Typography.Text>;
  const text = formatCountdown(left, t('clock.dayUnit'));
  const danger = left < 0;
  const warn = !danger && left < 12 * 3600;
  return (
    <Typography.Text
      data-testid="countdown"
      type={danger ? 'danger' : warn ? 'warning' : undefined}
      strong
      style={{ fontVariantNumeric: 'tabular-nums' }}
      role="timer"
      aria-live="off"
    >
      {danger ? t('clock.overdueBy', { time: text }) : t('clock.left', { time: text })}
    </Typography.Text>
  );
}
