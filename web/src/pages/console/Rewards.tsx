import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useI18n } from '../../i18n';
import { api, ApiError } from '../../api/client';
import type { Case } from '../../api/types';
import { useAsync } from '../../lib/useAsync';
import { ErrorState } from '../../components/ErrorState';
import { fmtTime } from '../../lib/time';
import { CURRENCIES, formatAmount, toMinor, type Reward, type RewardState } from '../../lib/filingRewards';

const STATE_COLOR: Record<RewardState, string> = { proposed: 'gold', approved: 'blue', paid: 'green', cancelled: 'default' };

function RewardStateTag({ r }: { r: Reward }) {
  const { td } = useI18n();
  return <Tag color={STATE_COLOR[r.state]} data-testid={`reward-state-${r.id}`}>{td('reward.state', r.state)}</Tag>;
}

/** Who did each step and when (staff view; a finder's view carries no names). */
function Steps({ r }: { r: Reward }) {
  const { t } = useI18n();
  const line = (label: string, at: string | null, by: string) =>
    at ? <div key={label}>{label}: {fmtTime(at)}{by ? ` · ${by}` : ''}</div> : null;
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {line(t('reward.proposedAt'), r.proposed_at, r.proposed_by)}
      {line(t('reward.approvedAt'), r.approved_at, r.approved_by)}
      {line(t('reward.paidAt'), r.paid_at, r.paid_by)}
      {line(t('reward.cancelledAt'), r.cancelled_at, r.cancelled_by)}
    </Typography.Text>
  );
}

function StepButton({ r, to, onDone }: { r: Reward; to: RewardState; onDone: () => void }) {
  const { t, td } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const send = async () => {
    try {
      await api.post(`/api/v1/rewards/${r.id}/transitions`, to === 'cancelled' ? { to, reason: text } : { to, reference: text });
      setOpen(false);
      onDone();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };
  if (to === 'approved')
    return (
      <Button size="small" type="primary" onClick={() => void send()} data-testid={`reward-${r.id}-approved`}>
        {td('reward.step', to)}
      </Button>
    );
  return (
    <>
      <Button size="small" danger={to === 'cancelled'} onClick={() => setOpen(true)} data-testid={`reward-${r.id}-${to}`}>
        {td('reward.step', to)}
      </Button>
      <Modal open={open} title={td('reward.step', to)} onCancel={() => setOpen(false)} onOk={() => void send()} okButtonProps={{ 'data-testid': 'reward-step-ok' } as Record<string, string>}>
        <Input.TextArea
          rows={2}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={to === 'cancelled' ? t('reward.reasonHint') : t('reward.referenceHint')}
          data-testid="reward-step-text"
        />
      </Modal>
    </>
  );
}

function ProposeForm({ c, onDone }: { c: Case; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const submit = async (v: { report_id?: string; finder_name?: string; amount: number; currency: string; note?: string; policy_override?: string }) => {
    setBusy(true);
    try {
      await api.post(`/api/v1/cases/${c.id}/rewards`, {
        ...(v.report_id ? { report_id: Number(v.report_id) } : { finder_name: v.finder_name ?? '' }),
        amount_minor: toMinor(v.amount, v.currency),
        currency: v.currency,
        note: v.note ?? '',
        policy_override: v.policy_override ?? '',
      });
      message.success(t('reward.proposed'));
      form.resetFields();
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.fields.length)
        form.setFields(e.fields.map((f) => ({ name: f.field === 'amount_minor' ? 'amount' : f.field, errors: [f.message] })));
      else message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="inline" name="propose-reward" initialValues={{ currency: 'CNY', report_id: c.reports?.[0]?.id }} onFinish={submit} style={{ rowGap: 8 }}>
      <Form.Item name="report_id" label={t('reward.finder')}>
        <Select
          style={{ width: 240 }}
          allowClear
          data-testid="reward-report"
          options={(c.reports ?? []).map((r) => ({ value: r.id, label: `${r.tracking_id ?? r.id} · ${r.title}` }))}
          placeholder={t('reward.namedFinder')}
        />
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a.report_id !== b.report_id}>
        {({ getFieldValue }) =>
          !getFieldValue('report_id') && (
            <Form.Item name="finder_name" rules={[{ required: true, message: t('validation.required') }]}>
              <Input placeholder={t('reward.finderName')} />
            </Form.Item>
          )
        }
      </Form.Item>
      <Form.Item name="amount" label={t('reward.amount')} rules={[{ required: true, message: t('validation.required') }]}>
        <InputNumber min={0} step={100} style={{ width: 140 }} data-testid="reward-amount" />
      </Form.Item>
      <Form.Item name="currency">
        <Select style={{ width: 90 }} options={CURRENCIES.map((x) => ({ value: x, label: x }))} />
      </Form.Item>
      <Form.Item name="note">
        <Input placeholder={t('reward.note')} style={{ width: 220 }} />
      </Form.Item>
      <Form.Item name="policy_override" tooltip={t('reward.policyOverrideHelp')}>
        <Input placeholder={t('reward.policyOverride')} style={{ width: 220 }} data-testid="reward-policy-override" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="reward-propose">
        {t('reward.propose')}
      </Button>
    </Form>
  );
}

/** A case's rewards (R-BOUNTY): staff of the platform or the provider propose; the paying organisation approves and pays. */
export function RewardsPanel({ c }: { c: Case }) {
  const { t } = useI18n();
  const list = useAsync(() => api.get<{ items: Reward[] }>(`/api/v1/cases/${c.id}/rewards`), [c.id]);
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Alert type="info" showIcon message={t('reward.duties')} />
      {/* The server's rule (domain::can_propose_reward), sent with the case: no form that would be refused. */}
      {c.permissions?.propose_reward === true && (
        <Card size="small" title={t('reward.proposeTitle')} data-testid="reward-propose-card">
          <ProposeForm c={c} onDone={list.reload} />
        </Card>
      )}
      <Table
        rowKey="id"
        size="small"
        loading={list.loading}
        pagination={false}
        dataSource={list.data?.items ?? []}
        data-testid="case-rewards"
        columns={[
          { title: t('reward.finder'), key: 'f', render: (_, r) => r.finder_name },
          { title: t('reward.amount'), key: 'a', render: (_, r) => formatAmount(r.amount_minor, r.currency, r.minor_digits) },
          { title: t('reward.payer'), key: 'p', render: (_, r) => r.paying_org_name },
          { title: t('field.state'), key: 's', render: (_, r) => <RewardStateTag r={r} /> },
          { title: t('reward.steps'), key: 'w', render: (_, r) => <Steps r={r} /> },
          {
            title: t('field.actions'),
            key: 'x',
            render: (_, r) => (
              <Space wrap>
                {r.next.map((to) => (
                  <StepButton key={to} r={r} to={to} onDone={list.reload} />
                ))}
              </Space>
            ),
          },
        ]}
        expandable={{
          rowExpandable: (r) => !!(r.note || r.payment_reference || r.cancel_reason),
          expandedRowRender: (r) => (
            <Typography.Text>
              {r.note && <div>{t('reward.note')}: {r.note}</div>}
              {r.payment_reference && <div>{t('reward.reference')}: {r.payment_reference}</div>}
              {r.cancel_reason && <div>{t('field.reason')}: {r.cancel_reason}</div>}
            </Typography.Text>
          ),
        }}
      />
    </Space>
  );
}

/** The signed-in user's own rewards as a finder (GET /api/v1/my/rewards). */
export function MyRewards() {
  const { t } = useI18n();
  const list = useAsync(() => api.get<{ items: Reward[] }>('/api/v1/my/rewards'), []);
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('nav.myRewards')}
      </Typography.Title>
      <Alert type="info" showIcon message={t('reward.mineIntro')} />
      <Table
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        data-testid="my-rewards"
        locale={{ emptyText: t('reward.none') }}
        columns={[
          { title: t('reward.report'), key: 'r', render: (_, r) => r.report_tracking_id || '—' },
          { title: t('reward.amount'), key: 'a', render: (_, r) => <span data-testid={`my-reward-amount-${r.id}`}>{formatAmount(r.amount_minor, r.currency, r.minor_digits)}</span> },
          { title: t('reward.payer'), key: 'p', render: (_, r) => r.paying_org_name },
          { title: t('field.state'), key: 's', render: (_, r) => <RewardStateTag r={r} /> },
          { title: t('reward.steps'), key: 'w', render: (_, r) => <Steps r={r} /> },
        ]}
      />
    </Space>
  );
}
