// The authority's side (NVDB, CNCERT, MPS): regulatory reports received from
// providers through federation, decisions on them, forwarding to partner
// authorities, joint assessments, and how timely each provider reports.
import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Radio,
  Row,
  Segmented,
  Select,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { CheckOutlined, RollbackOutlined, ShareAltOutlined, TeamOutlined, WarningOutlined } from '@ant-design/icons';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import type { EChartsCoreOption } from 'echarts/core';
import { useI18n, type MessageKey } from '../../i18n';
import { api, ApiError, type Page } from '../../api/client';
import type { InboxItem, Org, Timeliness, TimelinessItem, TimelinessProvider } from '../../api/types';
import { useAsync } from '../../lib/useAsync';
import { useCursorList } from '../../lib/useCursorList';
import { CursorPager } from '../../components/CursorPager';
import { ChartCard } from '../../components/ChartCard';
import { ErrorState } from '../../components/ErrorState';
import { GradeTag } from '../../components/Tags';
import { showRefusal } from '../../components/refusal';
import { fmtTime } from '../../lib/time';
import { delayText, GRADES, isLate, REPORT_LIMIT_HOURS } from '../../lib/exchange';
import { useOrgList } from './Admin';
import { orgOf, peerLabel, usePeers } from './Peers';
import { DeliveryLink } from './FederationActions';

const INBOX_STATES = ['received', 'acknowledged', 'returned'] as const;
const inboxColors: Record<string, string> = { received: 'blue', acknowledged: 'success', returned: 'warning' };

export function InboxStateTag({ state }: { state: string }) {
  const { td } = useI18n();
  return <Tag color={inboxColors[state] ?? 'default'}>{td('inboxState', state)}</Tag>;
}

/** The delay from awareness to receipt: red "late by 360 hours / 15 days" past 48 hours. */
export function DelayTag({ hours, late }: { hours: number; late?: boolean }) {
  const { t, lang } = useI18n();
  const text = delayText(lang, hours);
  if (late ?? isLate(hours))
    return (
      <Tag color="red" icon={<WarningOutlined />} data-testid="late-tag" style={{ fontWeight: 600 }}>
        {t('authority.lateBy', { delay: text })}
      </Tag>
    );
  return (
    <Tag color="green" data-testid="on-time-tag">
      {t('authority.onTimeIn', { delay: text })}
    </Tag>
  );
}

const FIELDS: { name: keyof InboxItem['fields']; label: MessageKey; long?: boolean }[] = [
  { name: 'product_name', label: 'reg.productName' },
  { name: 'product_model', label: 'reg.productModel' },
  { name: 'product_version', label: 'reg.productVersion' },
  { name: 'provider_name', label: 'reg.provider' },
  { name: 'technical_characteristics', label: 'reg.technical', long: true },
  { name: 'harm', label: 'reg.harm', long: true },
  { name: 'scope', label: 'reg.scope', long: true },
  { name: 'measures', label: 'reg.measures', long: true },
  { name: 'contact_name', label: 'reg.contactName' },
  { name: 'contact_phone', label: 'reg.contactPhone' },
  { name: 'contact_email', label: 'reg.contactEmail' },
];

function providerName(i: InboxItem, orgs: Org[] | undefined): string {
  return orgOf(orgs, i.from_org)?.name || i.fields?.provider_name || `#${i.from_org}`;
}

function PageHead({ title, extra }: { title: string; extra?: React.ReactNode }) {
  return (
    <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      {extra}
    </Space>
  );
}

/** Regulatory reports received from providers (R-REPORT-2D), newest first. */
export function AuthorityInbox() {
  const { t, td } = useI18n();
  const [params, setParams] = useSearchParams();
  const state = params.get('state') ?? '';
  const orgs = useOrgList();
  const list = useCursorList<InboxItem>(
    async (cursor, limit) => {
      const r = await api.get<Page<InboxItem>>('/api/v1/authority/inbox', { state, limit, cursor });
      return { items: r.items, next_cursor: r.next_cursor || null };
    },
    state,
  );
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <PageHead title={t('nav.authorityInbox')} extra={<Link to="/console/authority/timeliness">{t('nav.timeliness')} →</Link>} />
      <Alert type="info" showIcon message={t('authority.intro', { limit: REPORT_LIMIT_HOURS })} />
      <Card>
        <Tabs
          activeKey={state || 'all'}
          onChange={(k) => setParams(k === 'all' ? {} : { state: k }, { replace: true })}
          items={[{ key: 'all', label: t('delivery.all') }, ...INBOX_STATES.map((s) => ({ key: s, label: td('inboxState', s) }))]}
        />
        {list.error ? (
          <ErrorState error={list.error} onRetry={list.reload} />
        ) : (
          <>
            <Table<InboxItem>
              loading={list.loading}
              dataSource={list.items}
              rowKey="id"
              pagination={false}
              scroll={{ x: 1100 }}
              data-testid="authority-inbox"
              onRow={(i) => ({ style: i.late ? { background: '#fff1f0' } : undefined })}
              locale={{ emptyText: <Empty description={t('authority.empty')} /> }}
              columns={[
                { title: t('authority.reference'), dataIndex: 'reference', width: 170, render: (v: string, i) => <Link to={`/console/authority/${i.id}`}>{v}</Link> },
                { title: t('reg.provider'), key: 'provider', render: (_, i) => providerName(i, orgs.data) },
                {
                  title: t('reg.productName'),
                  key: 'product',
                  render: (_, i) => [i.fields?.product_name, i.fields?.product_version].filter(Boolean).join(' '),
                },
                { title: t('authority.caseRef'), dataIndex: 'case_ref', width: 140 },
                { title: t('field.awareAt'), dataIndex: 'aware_at', width: 150, render: (v: string) => fmtTime(v) },
                { title: t('field.receivedAt'), dataIndex: 'received_at', width: 150, render: (v: string) => fmtTime(v) },
                { title: t('authority.delay'), key: 'delay', width: 220, render: (_, i) => <DelayTag hours={i.delay_hours} late={i.late} /> },
                { title: t('field.state'), dataIndex: 'state', width: 100, fixed: 'right', render: (s: string) => <InboxStateTag state={s} /> },
              ]}
            />
            <CursorPager list={list} />
          </>
        )}
      </Card>
    </Space>
  );
}

function DecisionBlock({ item, onSaved }: { item: InboxItem; onSaved: (i: InboxItem) => void }) {
  const { t, td } = useI18n();
  const { modal, message } = App.useApp();
  const [to, setTo] = useState<'acknowledged' | 'returned' | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ note?: string }>();
  if (item.state !== 'received')
    return (
      <Descriptions bordered size="small" column={1} data-testid="authority-decision">
        <Descriptions.Item label={t('field.state')}>
          <InboxStateTag state={item.state} />
        </Descriptions.Item>
        <Descriptions.Item label={t('authority.decidedAt')}>{fmtTime(item.decided_at)}</Descriptions.Item>
        <Descriptions.Item label={item.state === 'returned' ? t('authority.returnReasons') : t('authority.note')}>
          <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{item.decision_note || '—'}</Typography.Text>
        </Descriptions.Item>
      </Descriptions>
    );
  return (
    <>
      <Typography.Paragraph type="secondary">{t('authority.decideHint')}</Typography.Paragraph>
      <Space wrap>
        <Button type="primary" icon={<CheckOutlined />} onClick={() => { form.resetFields(); setTo('acknowledged'); }} data-testid="authority-acknowledge">
          {t('authority.acknowledge')}
        </Button>
        <Button danger icon={<RollbackOutlined />} onClick={() => { form.resetFields(); setTo('returned'); }} data-testid="authority-return">
          {t('authority.return')}
        </Button>
      </Space>
      <Modal
        open={to !== null}
        title={to === 'returned' ? t('authority.returnTitle') : t('authority.acknowledgeTitle')}
        okText={t('action.confirm')}
        cancelText={t('action.cancel')}
        okButtonProps={{ danger: to === 'returned' }}
        confirmLoading={busy}
        onCancel={() => setTo(null)}
        onOk={() => form.submit()}
        destroyOnClose
      >
        <Form
          form={form}
          layout="vertical"
          name="decision"
          preserve={false}
          onFinish={async (v) => {
            if (!to) return;
            setBusy(true);
            try {
              const r = await api.post<InboxItem>(`/api/v1/authority/inbox/${item.id}/decision`, { state: to, note: v.note ?? '' });
              setTo(null);
              message.success(td('inboxState', r.state));
              onSaved(r);
            } catch (e) {
              if (e instanceof ApiError && e.status === 422 && e.fields.length) form.setFields(e.fields.map((f) => ({ name: 'note' as const, errors: [f.message] })));
              else {
                setTo(null);
                showRefusal(modal, t, td, e, 'inboxState');
              }
            } finally {
              setBusy(false);
            }
          }}
        >
          <Typography.Paragraph type="secondary">{to === 'returned' ? t('authority.returnHint') : t('authority.acknowledgeHint')}</Typography.Paragraph>
          <Form.Item
            name="note"
            label={to === 'returned' ? t('authority.returnReasons') : t('authority.note')}
            rules={to === 'returned' ? [{ required: true, whitespace: true, message: t('authority.reasonsRequired') }] : []}
          >
            <Input.TextArea autoSize={{ minRows: 3 }} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function ForwardBlock({ item, onSaved }: { item: InboxItem; onSaved: (i: InboxItem) => void }) {
  const { t, td } = useI18n();
  const { modal, message } = App.useApp();
  const peers = usePeers();
  const orgs = useOrgList();
  const [ids, setIds] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const partners = (peers.data ?? []).filter((p) => {
    const o = orgOf(orgs.data, p.org_id);
    return !o || o.type === 'authority';
  });
  const done = item.forwarded ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Table
        size="small"
        rowKey={(f) => `${f.peer_id ?? f.peer}-${f.at}`}
        pagination={false}
        dataSource={done}
        locale={{ emptyText: t('authority.notForwarded') }}
        data-testid="authority-forwarded"
        columns={[
          { title: t('fed.peer'), key: 'peer', render: (_, f) => f.peer ?? `#${f.peer_id}` },
          { title: t('fed.sentAt'), dataIndex: 'at', render: (v: string) => fmtTime(v) },
          { title: t('nav.deliveries'), key: 'd', render: (_, f) => <DeliveryLink id={f.delivery_id ?? f.outbox_id} /> },
        ]}
      />
      {peers.data ? (
        partners.length ? (
          <Space wrap>
            <Select
              mode="multiple"
              style={{ minWidth: 320 }}
              placeholder={t('authority.pickPartners')}
              value={ids}
              onChange={setIds}
              options={partners.map((p) => ({ value: p.id, label: peerLabel(p, orgs.data, td) }))}
              data-testid="authority-forward-peers"
            />
            <Button
              icon={<ShareAltOutlined />}
              disabled={!ids.length}
              loading={busy}
              data-testid="authority-forward"
              onClick={async () => {
                setBusy(true);
                try {
                  const r = await api.post<InboxItem>(`/api/v1/authority/inbox/${item.id}/forwardings`, { peer_ids: ids });
                  setIds([]);
                  message.success(t('authority.forwarded'));
                  onSaved(r);
                } catch (e) {
                  showRefusal(modal, t, td, e, 'inboxState');
                } finally {
                  setBusy(false);
                }
              }}
            >
              {t('authority.forward')}
            </Button>
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('authority.noPartners')}</Typography.Text>
        )
      ) : peers.error ? (
        <Typography.Text type="secondary" data-testid="authority-peers-admin-only">
          {t('authority.peersAdminOnly')}
        </Typography.Text>
      ) : null}
    </Space>
  );
}

function JointAssessmentBlock({ item, onSaved }: { item: InboxItem; onSaved: (i: InboxItem) => void }) {
  const { t, td } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ participants: string[]; conclusion: string; grade?: string; early_release: string }>();
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState(false);
  const j = item.joint_assessment;
  if (j && !editing)
    return (
      <Space direction="vertical" style={{ width: '100%' }}>
        <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }} data-testid="joint-assessment">
          <Descriptions.Item label={t('joint.participants')} span={2}>
            <Space wrap size={4}>
              {j.participants.map((p) => (
                <Tag key={p}>{p}</Tag>
              ))}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('joint.conclusion')} span={2}>
            <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{j.conclusion}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('field.grade')}>{j.grade ? <GradeTag grade={j.grade} /> : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('joint.earlyRelease')}>{td('earlyRelease', j.early_release || 'none')}</Descriptions.Item>
          <Descriptions.Item label={t('joint.recordedAt')}>{fmtTime(j.at)}</Descriptions.Item>
          <Descriptions.Item label={t('joint.recordedBy')}>{j.by ?? '—'}</Descriptions.Item>
        </Descriptions>
        <Button size="small" onClick={() => setEditing(true)}>
          {t('joint.recordAgain')}
        </Button>
      </Space>
    );
  return (
    <Form
      form={form}
      layout="vertical"
      name="joint"
      initialValues={{ participants: j?.participants ?? [], conclusion: j?.conclusion ?? '', grade: j?.grade || undefined, early_release: j?.early_release ?? '' }}
      onFinish={async (v) => {
        setBusy(true);
        try {
          const r = await api.post<InboxItem>(`/api/v1/authority/inbox/${item.id}/joint-assessment`, {
            participants: v.participants,
            conclusion: v.conclusion,
            grade: v.grade ?? '',
            early_release: v.early_release ?? '',
          });
          message.success(t('common.saved'));
          setEditing(false);
          onSaved(r);
        } catch (e) {
          if (e instanceof ApiError && e.fields.length) form.setFields(e.fields.map((f) => ({ name: f.field.replace(/\[.*$/, '') as 'conclusion', errors: [f.message] })));
          else message.error(e instanceof Error ? e.message : String(e));
        } finally {
          setBusy(false);
        }
      }}
    >
      <Typography.Paragraph type="secondary">{t('joint.hint')}</Typography.Paragraph>
      <Form.Item
        name="participants"
        label={t('joint.participants')}
        extra={t('joint.participantsHint')}
        rules={[{ required: true, type: 'array', min: 2, message: t('joint.twoParticipants') }]}
      >
        <Select mode="tags" tokenSeparators={[',', '，']} open={false} placeholder={t('joint.participantsPh')} data-testid="joint-participants" />
      </Form.Item>
      <Form.Item name="conclusion" label={t('joint.conclusion')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
        <Input.TextArea autoSize={{ minRows: 3 }} />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="grade" label={t('field.grade')}>
            <Select allowClear options={GRADES.map((g) => ({ value: g, label: td('grade', g) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item name="early_release" label={t('joint.earlyRelease')} extra={t('joint.earlyReleaseHint')}>
            <Radio.Group>
              <Radio value="">{td('earlyRelease', 'none')}</Radio>
              <Radio value="approved">{td('earlyRelease', 'approved')}</Radio>
              <Radio value="refused">{td('earlyRelease', 'refused')}</Radio>
            </Radio.Group>
          </Form.Item>
        </Col>
      </Row>
      <Space>
        <Button type="primary" htmlType="submit" icon={<TeamOutlined />} loading={busy} data-testid="joint-save">
          {t('joint.record')}
        </Button>
        {editing && <Button onClick={() => setEditing(false)}>{t('action.cancel')}</Button>}
      </Space>
    </Form>
  );
}

/** One received regulatory report: what was sent, its receipt, the decision, forwarding and joint assessment. */
export function AuthorityItem() {
  const { t, lang } = useI18n();
  const { id } = useParams();
  const orgs = useOrgList();
  const it = useAsync(() => api.get<InboxItem>(`/api/v1/authority/inbox/${id}`), [id]);
  if (it.loading && !it.data) return <Skeleton active />;
  if (it.error) return <ErrorState error={it.error} onRetry={it.reload} />;
  const i = it.data!;
  const late = i.late ?? isLate(i.delay_hours);
  const from = i.forwarded_from;
  const fromText = !from ? '' : typeof from === 'string' ? from : String((from as { name?: string; peer?: string }).name ?? (from as { peer?: string }).peer ?? JSON.stringify(from));
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Link to="/console/authority">← {t('nav.authorityInbox')}</Link>
          <Space wrap align="center">
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="authority-reference">
              {i.reference}
            </Typography.Title>
            <span data-testid="authority-state">
              <InboxStateTag state={i.state} />
            </span>
            <DelayTag hours={i.delay_hours} late={late} />
          </Space>
          <Typography.Text type="secondary">
            {providerName(i, orgs.data)} · {i.fields?.product_name}
          </Typography.Text>
        </Space>
      </Card>
      {late && (
        <Alert
          type="error"
          showIcon
          data-testid="authority-late-alert"
          message={t('authority.lateTitle', { delay: delayText(lang, i.delay_hours) })}
          description={t('authority.lateText', { limit: REPORT_LIMIT_HOURS, aware: fmtTime(i.aware_at), received: fmtTime(i.received_at) })}
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('authority.content')}>
            <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }} labelStyle={{ width: 130 }}>
              <Descriptions.Item label={t('reg.provider')}>{providerName(i, orgs.data)}</Descriptions.Item>
              <Descriptions.Item label={t('authority.caseRef')}>{i.case_ref || '—'}</Descriptions.Item>
              {FIELDS.map((f) => (
                <Descriptions.Item key={f.name} label={t(f.label)} span={f.long ? 2 : 1}>
                  <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{i.fields?.[f.name] ?? ''}</Typography.Text>
                </Descriptions.Item>
              ))}
              {fromText && (
                <Descriptions.Item label={t('authority.forwardedFrom')} span={2}>
                  {fromText}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('authority.receipt')}>
              <Descriptions bordered size="small" column={1} labelStyle={{ width: 140 }}>
                <Descriptions.Item label={t('field.awareAt')}>{fmtTime(i.aware_at)}</Descriptions.Item>
                <Descriptions.Item label={t('field.receivedAt')}>{fmtTime(i.received_at)}</Descriptions.Item>
                <Descriptions.Item label={t('authority.delay')}>
                  <DelayTag hours={i.delay_hours} late={late} />
                </Descriptions.Item>
                <Descriptions.Item label={t('authority.receiptSeq')}>#{i.receipt?.seq}</Descriptions.Item>
                <Descriptions.Item label={t('admin.hash')}>
                  <Typography.Text code copyable style={{ wordBreak: 'break-all' }} data-testid="authority-receipt-hash">
                    {i.receipt?.hash}
                  </Typography.Text>
                </Descriptions.Item>
              </Descriptions>
            </Card>
            <Card title={t('authority.decision')}>
              <DecisionBlock item={i} onSaved={it.setData} />
            </Card>
          </Space>
        </Col>
      </Row>
      <Card title={t('authority.forwardTitle')}>
        <ForwardBlock item={i} onSaved={it.setData} />
      </Card>
      <Card title={t('joint.title')}>
        <JointAssessmentBlock item={i} onSaved={it.setData} />
      </Card>
    </Space>
  );
}

const DAYS = [30, 90, 180, 365];

/** How timely each provider files: on time vs late per provider, and every report's delay against the 48-hour limit. */
export function AuthorityTimeliness() {
  const { t, lang } = useI18n();
  const [days, setDays] = useState(365);
  const tl = useAsync(() => api.get<Timeliness>('/api/v1/authority/timeliness', { days }), [days]);
  const d = tl.data;
  const limit = d?.limit_hours ?? REPORT_LIMIT_HOURS;
  const providers = useMemo(() => (d?.providers ?? []).map((p) => ({ ...p, on_time: p.reports - p.late })), [d]);
  const items = useMemo(
    () => [...(d?.items ?? [])].sort((a, b) => a.received_at.localeCompare(b.received_at)).map((x) => ({ ...x, key: `${x.reference}-${x.org_id}` })),
    [d],
  );
  const total = providers.reduce((a, p) => a + p.reports, 0);
  const late = providers.reduce((a, p) => a + p.late, 0);
  const worst = items.reduce((m, x) => Math.max(m, x.delay_hours), 0);

  const providerOption: EChartsCoreOption = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0 },
    grid: { left: 40, right: 16, top: 16, bottom: 56 },
    xAxis: { type: 'category', data: providers.map((p) => p.name), axisLabel: { interval: 0, overflow: 'truncate', width: 120 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { type: 'bar', stack: 'n', name: t('timeliness.onTime'), data: providers.map((p) => p.on_time), itemStyle: { color: '#52c41a' }, barMaxWidth: 48 },
      {
        type: 'bar',
        stack: 'n',
        name: t('timeliness.late'),
        data: providers.map((p) => p.late),
        itemStyle: { color: '#cf1322' },
        barMaxWidth: 48,
        label: { show: true, position: 'top', formatter: (x: { value: number }) => (x.value > 0 ? String(x.value) : '') },
      },
    ],
  };
  const delayOption: EChartsCoreOption = {
    tooltip: {
      trigger: 'item',
      formatter: (x: { dataIndex: number }) => {
        const it = items[x.dataIndex];
        return it ? `${it.reference}<br/>${it.provider}<br/>${delayText(lang, it.delay_hours)}` : '';
      },
    },
    grid: { left: 56, right: 96, top: 40, bottom: 64 },
    xAxis: { type: 'category', data: items.map((x) => x.reference), axisLabel: { rotate: 30, fontSize: 10 } },
    yAxis: { type: 'value', name: t('timeliness.hours') },
    series: [
      {
        type: 'bar',
        name: t('authority.delay'),
        barMaxWidth: 28,
        data: items.map((x) => ({ value: Math.round(x.delay_hours * 10) / 10, itemStyle: { color: x.late ? '#cf1322' : '#52c41a' } })),
        label: {
          show: true,
          position: 'top',
          formatter: (x: { dataIndex: number }) => {
            const it = items[x.dataIndex];
            return it && it.late ? delayText(lang, it.delay_hours) : '';
          },
          color: '#cf1322',
          fontWeight: 'bold',
        },
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: '#fa8c16', type: 'dashed', width: 2 },
          label: { formatter: t('timeliness.limitLine', { limit }), position: 'end', color: '#d46b08' },
          data: [{ yAxis: limit }],
        },
      },
    ],
  };
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <PageHead
        title={t('nav.timeliness')}
        extra={
          <Segmented
            value={days}
            onChange={(v) => setDays(Number(v))}
            options={DAYS.map((n) => ({ value: n, label: t('timeliness.lastDays', { n }) }))}
            data-testid="timeliness-days"
          />
        }
      />
      <Alert type="info" showIcon message={t('timeliness.intro', { limit })} />
      {tl.error ? (
        <ErrorState error={tl.error} onRetry={tl.reload} />
      ) : tl.loading && !d ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={12} lg={6}>
              <Card>
                <Statistic title={t('timeliness.reports')} value={total} />
              </Card>
            </Col>
            <Col xs={12} lg={6}>
              <Card data-testid="timeliness-late">
                <Statistic title={t('timeliness.late')} value={late} valueStyle={{ color: late ? '#cf1322' : undefined }} />
              </Card>
            </Col>
            <Col xs={12} lg={6}>
              <Card>
                <Statistic title={t('timeliness.lateShare')} value={total ? Math.round((late / total) * 1000) / 10 : 0} suffix="%" />
              </Card>
            </Col>
            <Col xs={12} lg={6}>
              <Card>
                <Statistic title={t('timeliness.worst')} value={items.length ? delayText(lang, worst) : '—'} valueStyle={{ color: isLate(worst, limit) ? '#cf1322' : undefined, fontSize: 20 }} />
              </Card>
            </Col>
          </Row>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={10}>
              <ChartCard<TimelinessProvider & { on_time: number }>
                testId="chart-providers"
                title={t('timeliness.byProvider')}
                option={providerOption}
                rows={providers}
                rowKey="org_id"
                empty={providers.length === 0}
                columns={[
                  { title: t('reg.provider'), dataIndex: 'name' },
                  { title: t('timeliness.reports'), dataIndex: 'reports', align: 'right' },
                  { title: t('timeliness.onTime'), dataIndex: 'on_time', align: 'right' },
                  { title: t('timeliness.late'), dataIndex: 'late', align: 'right', render: (v: number) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : v) },
                  { title: t('timeliness.median'), dataIndex: 'median_delay_hours', align: 'right', render: (v: number) => delayText(lang, v) },
                  { title: t('timeliness.max'), dataIndex: 'max_delay_hours', align: 'right', render: (v: number) => delayText(lang, v) },
                ]}
              />
            </Col>
            <Col xs={24} xl={14}>
              <ChartCard<TimelinessItem & { key: string }>
                testId="chart-delays"
                title={t('timeliness.byReport', { limit })}
                option={delayOption}
                rows={items}
                rowKey="key"
                empty={items.length === 0}
                columns={[
                  { title: t('authority.reference'), dataIndex: 'reference' },
                  { title: t('reg.provider'), dataIndex: 'provider' },
                  { title: t('authority.caseRef'), dataIndex: 'case_ref' },
                  { title: t('field.receivedAt'), dataIndex: 'received_at', render: (v: string) => fmtTime(v) },
                  { title: t('authority.delay'), key: 'delay', render: (_, x) => <DelayTag hours={x.delay_hours} late={x.late} /> },
                ]}
              />
            </Col>
          </Row>
        </>
      )}
    </Space>
  );
}
