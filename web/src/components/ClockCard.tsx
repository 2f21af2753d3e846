import { Card, Space, Typography } from 'antd';
import { useI18n } from '../i18n';
import type { Clock } from '../api/types';
import { ClockStateTag } from './Tags';
import { Countdown } from './Countdown';
import { fmtTime } from '../lib/time';

const borders: Record<string, string> = { due_soon: '#faad14', overdue: '#ff4d4f', missed: '#eb2f96', met: '#52c41a' };

export function ClockCard({ clock }: { clock: Clock }) {
  const { t, td } = useI18n();
  const running = !clock.stopped_at && clock.state !== 'met' && clock.state !== 'missed';
  return (
    <Card
      size="small"
      data-testid={`clock-${clock.kind}`}
      data-state={clock.state}
      style={{ borderTop: `3px solid ${borders[clock.state] ?? '#1677ff'}`, height: '100%' }}
    >
      <Space direction="vertical" size={2} style={{ width: '100%' }}>
        <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
          <Typography.Text strong>{td('clockKind', clock.kind)}</Typography.Text>
          <span data-testid={`clock-${clock.kind}-state`}>
            <ClockStateTag state={clock.state} />
          </span>
        </Space>
        {running ? (
          <Countdown due={clock.due_at} />
        ) : (
          <Typography.Text type="secondary">
            {clock.stopped_at ? t('clock.metAt', { time: fmtTime(clock.stopped_at) }) : t('clock.stopped')}
          </Typography.Text>
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('clock.dueAt', { time: fmtTime(clock.due_at) })}
        </Typography.Text>
        {clock.due_at_local && clock.time_zone && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('clock.policyZone', { time: clock.due_at_local.replace('T', ' ').slice(0, 16), zone: clock.time_zone })}
          </Typography.Text>
        )}
      </Space>
    </Card>
  );
}
