import { useState } from 'react';
import {
  App,
  Badge,
  Button,
  Card,
  Descriptions,
  Empty,
  Select,
  Skeleton,
  Space,
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { CheckCircleOutlined, CloseCircleOutlined, ReloadOutlined, SyncOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { api } from '../../api/client';
import type { DeliveriesPage, Delivery, DeliveryCounts, DeliveryDetail as Detail } from '../../api/types';
import { useAsync } from '../../lib/useAsync';
import { useCursorList } from '../../lib/useCursorList';
import { CursorPager } from '../../components/CursorPager';
import { ErrorState } from '../../components/ErrorState';
import { showRefusal } from '../../components/refusal';
import { fmtTime } from '../../lib/time';
import { outboxBusy } from '../../lib/exchange';
import { usePolling } from '../../lib/usePolling';

const STATES = ['pending', 'sending', 'sent', 'dead'] as const;
const KINDS = ['email', 'webhook', 'federation'];

const stateColors: Record<string, string> = { pending: 'gold', sending: 'processing', sent: 'success', dead: 'error' };
const badgeColors: Record<string, string> = { pending: '#d48806', sending: '#1677ff', sent: '#52c41a', dead: '#cf1322' };

export function DeliveryStateTag({ state }: { state: string }) {
  const { td } = useI18n();
  return (
    <Tag color={stateColors[state] ?? 'default'} icon={state === 'sending' ? <SyncOutlined spin /> : undefined} data-testid="delivery-state">
      {td('deliveryState', state)}
    </Tag>
  );
}

/** What a delivery is about, linked when the console has a page for it. */
function SubjectLink({ d }: { d: Pick<Delivery, 'subject'> }) {
  const { td } = useI18n();
  const { type, id } = d.subject ?? { type: '', id: 0 };
  if (!type) return <>—</>;
  const label = `${td('subjectType', type)} #${id}`;
  if (type === 'case') return <Link to={`/console/cases/${id}`}>{label}</Link>;
  if (type === 'report') return <Link to={`/console/reports/${id}`}>{label}</Link>;
  if (type === 'inbox') return <Link to={`/console/authority/${id}`}>{label}</Link>;
  return <>{label}</>;
}

/** The outbox: every email, webhook call and federation call, with its attempts. */
export function Deliveries() {
  const { t, td } = useI18n();
  const nav = useNavigate();
  const [params, setParams] = useSearchParams();
  const state = params.get('state') ?? '';
  const kind = params.get('kind') ?? '';
  const [counts, setCounts] = useState<DeliveryCounts>();
  const list = useCursorList<Delivery>(
    async (cursor, limit) => {
      const r = await api.get<DeliveriesPage>('/api/v1/deliveries', { state, kind, limit, cursor });
      setCounts(r.counts);
      return { items: r.items, next_cursor: r.next_cursor || null };
    },
    JSON.stringify([state, kind]),
  );
  const busy = outboxBusy(counts, list.items.map((d) => d.state));
  usePolling(busy && !list.error, list.reload);
  const set = (k: string, v: string | undefined) => {
    const p = new URLSearchParams(params);
    if (v) p.set(k, v);
    else p.delete(k);
    setParams(p, { replace: true });
  };
  const total = counts ? counts.pending + counts.sending + counts.sent + counts.dead : undefined;
  const tabLabel = (label: string, n: number | undefined, color: string) => (
    <Space size={6}>
      {label}
      {n !== undefined && <Badge count={n} showZero overflowCount={99999} color={n > 0 ? color : '#bfbfbf'} />}
    </Space>
  );
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('nav.deliveries')}
        </Typography.Title>
        <Space wrap>
          {busy && (
            <Tag icon={<SyncOutlined spin />} color="processing" data-testid="deliveries-auto-refresh">
              {t('delivery.autoRefresh')}
            </Tag>
          )}
          <Button icon={<ReloadOutlined />} onClick={list.reload}>
            {t('action.refresh')}
          </Button>
        </Space>
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('delivery.intro')}
      </Typography.Paragraph>
      <Card>
        <Tabs
          activeKey={state || 'all'}
          onChange={(k) => set('state', k === 'all' ? undefined : k)}
          data-testid="delivery-tabs"
          items={[
            { key: 'all', label: tabLabel(t('delivery.all'), total, '#1677ff') },
            ...STATES.map((s) => ({
              key: s,
              label: tabLabel(td('deliveryState', s), counts?.[s], badgeColors[s]),
            })),
          ]}
          tabBarExtraContent={
            <Select
              allowClear
              aria-label={t('field.kind')}
              placeholder={t('delivery.anyKind')}
              value={kind || undefined}
              onChange={(v) => set('kind', v)}
              style={{ width: 160 }}
              options={KINDS.map((k) => ({ value: k, label: td('deliveryKind', k) }))}
              data-testid="delivery-kind"
            />
          }
        />
        {list.error ? (
          <ErrorState error={list.error} onRetry={list.reload} />
        ) : (
          <>
            <Table<Delivery>
              size="small"
              loading={list.loading && !list.items.length}
              dataSource={list.items}
              rowKey="id"
              pagination={false}
              scroll={{ x: 1200 }}
              data-testid="deliveries-table"
              onRow={(d) => ({ onClick: () => nav(`/console/deliveries/${d.id}`), style: { cursor: 'pointer' } })}
              locale={{ emptyText: <Empty description={t('delivery.none')} /> }}
              columns={[
                { title: '#', dataIndex: 'id', width: 70, render: (id: number) => <Link to={`/console/deliveries/${id}`} onClick={(e) => e.stopPropagation()}>{id}</Link> },
                { title: t('field.kind'), dataIndex: 'kind', width: 110, render: (k: string) => <Tag>{td('deliveryKind', k)}</Tag> },
                {
                  title: t('delivery.event'),
                  key: 'event',
                  width: 220,
                  render: (_, d) => (
                    <Space direction="vertical" size={0}>
                      <span>{td('event', d.event)}</span>
                      {d.email_subject && <Typography.Text type="secondary" ellipsis style={{ maxWidth: 200, fontSize: 12 }}>{d.email_subject}</Typography.Text>}
                    </Space>
                  ),
                },
                { title: t('delivery.target'), dataIndex: 'target', ellipsis: true, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
                { title: t('field.state'), dataIndex: 'state', width: 110, render: (s: string) => <DeliveryStateTag state={s} /> },
                { title: t('delivery.attempts'), key: 'n', width: 90, align: 'right', render: (_, d) => `${d.attempts} / ${d.max_attempts}` },
                {
                  title: t('delivery.when'),
                  key: 'when',
                  width: 210,
                  render: (_, d) =>
                    d.state === 'sent'
                      ? t('delivery.sentAt', { time: fmtTime(d.sent_at) })
                      : d.state === 'pending' && d.next_attempt_at
                        ? t('delivery.nextAt', { time: fmtTime(d.next_attempt_at) })
                        : fmtTime(d.created_at),
                },
                {
                  title: t('delivery.lastError'),
                  dataIndex: 'last_error',
                  ellipsis: true,
                  render: (v: string, d) => (v && d.state !== 'sent' ? <Typography.Text type="danger">{v}</Typography.Text> : '—'),
                },
              ]}
            />
            <CursorPager list={list} />
          </>
        )}
      </Card>
    </Space>
  );
}

export function DeliveryDetail() {
  const { t, td } = useI18n();
  const { modal, message } = App.useApp();
  const { id } = useParams();
  const d = useAsync(() => api.get<Detail>(`/api/v1/deliveries/${id}`), [id]);
  const [retrying, setRetrying] = useState(false);
  const live = !!d.data && (d.data.state === 'pending' || d.data.state === 'sending');
  usePolling(live && !d.error, d.reload);
  if (d.loading && !d.data) return <Skeleton active />;
  if (d.error && !d.data) return <ErrorState error={d.error} onRetry={d.reload} />;
  const x = d.data!;
  const attempts = x.attempts ?? [];
  const retry = async () => {
    setRetrying(true);
    try {
      const r = await api.post<Delivery>(`/api/v1/deliveries/${x.id}/retry`, {});
      d.setData({ ...x, ...r, attempts });
      message.success(t('delivery.retryQueued'));
      d.reload();
    } catch (e) {
      showRefusal(modal, t, td, e, 'deliveryState');
    } finally {
      setRetrying(false);
    }
  };
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Link to="/console/deliveries">← {t('nav.deliveries')}</Link>
          <Space wrap align="center" style={{ justifyContent: 'space-between', width: '100%' }}>
            <Space wrap align="center">
              <Typography.Title level={3} style={{ margin: 0 }} data-testid="delivery-title">
                {t('delivery.title', { id: x.id })}
              </Typography.Title>
              <Tag>{td('deliveryKind', x.kind)}</Tag>
              <DeliveryStateTag state={x.state} />
              {live && <SyncOutlined spin aria-label={t('delivery.autoRefresh')} />}
            </Space>
            <Button
              type="primary"
              icon={<ReloadOutlined />}
              loading={retrying}
              disabled={x.state === 'sent' || x.state === 'sending'}
              onClick={retry}
              data-testid="delivery-retry"
            >
              {t('delivery.retryNow')}
            </Button>
          </Space>
        </Space>
      </Card>
      {d.error !== undefined && <ErrorState error={d.error} onRetry={d.reload} compact />}
      <Card title={t('delivery.details')}>
        <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }} labelStyle={{ width: 160, whiteSpace: 'nowrap' }}>
          <Descriptions.Item label={t('delivery.event')}>
            {td('event', x.event)} <Typography.Text type="secondary" code>{x.event}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('delivery.subject')}>
            <SubjectLink d={x} />
          </Descriptions.Item>
          <Descriptions.Item label={t('delivery.target')} span={2}>
            <Typography.Text code style={{ wordBreak: 'break-all' }}>{x.target}</Typography.Text>
          </Descriptions.Item>
          {x.email_subject && (
            <Descriptions.Item label={t('delivery.emailSubject')} span={2}>
              {x.email_subject}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('delivery.attempts')}>
            {attempts.length} / {x.max_attempts}
          </Descriptions.Item>
          <Descriptions.Item label={t('delivery.lastStatus')}>{x.last_status || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('field.createdAt')}>{fmtTime(x.created_at)}</Descriptions.Item>
          <Descriptions.Item label={x.state === 'sent' ? t('delivery.sent') : t('delivery.next')}>
            {x.state === 'sent' ? fmtTime(x.sent_at) : x.next_attempt_at ? fmtTime(x.next_attempt_at) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('delivery.idempotencyKey')} span={2}>
            <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
              {x.idempotency_key}
            </Typography.Text>
          </Descriptions.Item>
          {x.last_error && x.state !== 'sent' && (
            <Descriptions.Item label={t('delivery.lastError')} span={2}>
              <Typography.Text type="danger" data-testid="delivery-last-error">{x.last_error}</Typography.Text>
            </Descriptions.Item>
          )}
          {x.response && (
            <Descriptions.Item label={t('delivery.response')} span={2}>
              <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12 }}>{x.response}</pre>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card title={t('delivery.timeline')} data-testid="delivery-attempts">
        {attempts.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('delivery.noAttempts')} />
        ) : (
          <Timeline
            items={attempts.map((a, i) => ({
              key: i,
              color: a.error ? 'red' : 'green',
              dot: a.error ? <CloseCircleOutlined /> : <CheckCircleOutlined />,
              children: (
                <Space direction="vertical" size={0} data-testid="delivery-attempt">
                  <Space wrap>
                    <Typography.Text strong>{t('delivery.attemptN', { n: i + 1 })}</Typography.Text>
                    <Typography.Text type="secondary">{fmtTime(a.at)}</Typography.Text>
                    {a.status > 0 && <Tag>{t('delivery.status', { status: a.status })}</Tag>}
                    <Typography.Text type="secondary">{t('delivery.durationMs', { ms: a.duration_ms })}</Typography.Text>
                  </Space>
                  {a.error ? <Typography.Text type="danger">{a.error}</Typography.Text> : <Typography.Text type="success">{t('delivery.attemptOk')}</Typography.Text>}
                </Space>
              ),
            }))}
          />
        )}
        {x.state === 'pending' && x.next_attempt_at && (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('delivery.nextAt', { time: fmtTime(x.next_attempt_at) })}
          </Typography.Paragraph>
        )}
      </Card>
    </Space>
  );
}
