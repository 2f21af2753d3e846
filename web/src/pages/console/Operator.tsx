import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { App, Button, Card, Descriptions, Form, Input, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { useI18n } from '../../i18n';
import { api, ApiError } from '../../api/client';
import type { Org } from '../../api/types';
import { useAuth } from '../../auth';
import { useAsync } from '../../lib/useAsync';
import { useOrgList } from './Admin';

const STATUSES = ['affected', 'patched', 'not_affected'];

interface Exposure {
  id: number;
  advisory_ref: string;
  ref_kind: 'advisory' | 'case' | null;
  title: string;
  case_id: number | null;
  asset: string;
  status: string;
  note: string;
  updated_at: string;
}

interface OperatorDetails {
  asset: string;
  location: string;
  owner: string;
}

/** The operator organisations the signed-in user belongs to (R-OPERATOR). */
export function operatorOrgs(orgs: Org[], memberships: { org_id: string | number; role: string }[] | undefined): Org[] {
  return orgs.filter((o) => o.type === 'operator' && (memberships ?? []).some((m) => String(m.org_id) === String(o.id) && m.role !== 'auditor'));
}

function fieldErrors(form: ReturnType<typeof Form.useForm>[0], e: unknown, fallback: (m: string) => void) {
  if (e instanceof ApiError && e.fields.length) form.setFields(e.fields.map((f) => ({ name: f.field, errors: [f.message] })));
  else fallback(e instanceof Error ? e.message : String(e));
}

/** An operator's page: record a case in a system it runs; its assets' exposure to advisories. */
export function OperatorPage() {
  const { t, td } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const nav = useNavigate();
  const orgs = useOrgList();
  const mine = operatorOrgs(orgs.data ?? [], user?.memberships);
  const [picked, setPicked] = useState<string>();
  const org = picked ?? (mine[0] ? String(mine[0].id) : undefined);
  const [caseForm] = Form.useForm();
  const [expForm] = Form.useForm();
  const [tick, setTick] = useState(0);
  const exposures = useAsync(
    () => (org ? api.get<{ items: Exposure[] }>(`/api/v1/orgs/${org}/asset-exposures`).then((r) => r.items) : Promise.resolve([])),
    [org, tick],
  );
  if (!orgs.loading && !mine.length) return <Typography.Paragraph>{t('operator.none')}</Typography.Paragraph>;

  const record = async (v: { title: string; summary?: string } & OperatorDetails) => {
    try {
      const c = await api.post<{ id: number }>('/api/v1/operator-cases', { org_id: Number(org), ...v, summary: v.summary ?? '', location: v.location ?? '', owner: v.owner ?? '' });
      message.success(t('common.saved'));
      nav(`/console/cases/${c.id}`);
    } catch (e) {
      fieldErrors(caseForm, e, message.error);
    }
  };
  const link = async (v: { advisory_ref: string; asset: string; status: string; note?: string }) => {
    try {
      await api.post(`/api/v1/orgs/${org}/asset-exposures`, { ...v, note: v.note ?? '' });
      expForm.resetFields();
      setTick(tick + 1);
    } catch (e) {
      fieldErrors(expForm, e, message.error);
    }
  };
  const change = async (x: Exposure, status: string) => {
    try {
      await api.patch(`/api/v1/asset-exposures/${x.id}`, { status });
      setTick(tick + 1);
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };
  const remove = async (x: Exposure) => {
    try {
      await api.del(`/api/v1/asset-exposures/${x.id}`);
      setTick(tick + 1);
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };
  const statusOptions = STATUSES.map((s) => ({ value: s, label: td('exposureStatus', s) }));
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('nav.operator')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('operator.intro')}</Typography.Paragraph>
      <Select style={{ width: 320 }} value={org} onChange={setPicked} options={mine.map((o) => ({ value: String(o.id), label: o.name }))} aria-label={t('operator.org')} />
      <Card size="small" title={t('operator.record')}>
        <Form form={caseForm} layout="vertical" name="operator-case" onFinish={record} style={{ maxWidth: 640 }}>
          <Form.Item name="title" label={t('field.title')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input data-testid="operator-title" />
          </Form.Item>
          <Form.Item name="summary" label={t('field.summary')}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item name="asset" label={t('operator.asset')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input data-testid="operator-asset" />
          </Form.Item>
          <Form.Item name="location" label={t('operator.location')}>
            <Input data-testid="operator-location" />
          </Form.Item>
          <Form.Item name="owner" label={t('operator.owner')}>
            <Input data-testid="operator-owner" />
          </Form.Item>
          <Button type="primary" htmlType="submit" disabled={!org} data-testid="operator-record">
            {t('operator.record')}
          </Button>
        </Form>
      </Card>
      <Card size="small" title={t('operator.exposures')}>
        <Typography.Paragraph type="secondary">{t('operator.exposuresIntro')}</Typography.Paragraph>
        <Form form={expForm} layout="inline" name="asset-exposure" initialValues={{ status: 'affected' }} onFinish={link} style={{ rowGap: 8, marginBottom: 12 }}>
          <Form.Item name="advisory_ref" rules={[{ required: true, message: t('validation.required') }]}>
            <Input placeholder={t('operator.ref')} data-testid="exposure-ref" />
          </Form.Item>
          <Form.Item name="asset" rules={[{ required: true, message: t('validation.required') }]}>
            <Input placeholder={t('operator.asset')} data-testid="exposure-asset" />
          </Form.Item>
          <Form.Item name="status">
            <Select style={{ width: 130 }} options={statusOptions} />
          </Form.Item>
          <Form.Item name="note">
            <Input placeholder={t('operator.note')} />
          </Form.Item>
          <Button type="primary" htmlType="submit" disabled={!org} data-testid="exposure-add">
            {t('operator.add')}
          </Button>
        </Form>
        <Table<Exposure>
          rowKey="id"
          size="small"
          loading={exposures.loading}
          dataSource={exposures.data ?? []}
          pagination={false}
          data-testid="exposures"
          columns={[
            { title: t('operator.ref'), dataIndex: 'advisory_ref', render: (v: string, x) => (x.ref_kind === 'advisory' ? <a href={`/advisories/${v}`}>{v}</a> : x.case_id ? <a href={`/console/cases/${x.case_id}`}>{v}</a> : v) },
            { title: t('operator.refTitle'), dataIndex: 'title' },
            { title: t('operator.asset'), dataIndex: 'asset' },
            {
              title: t('operator.status'),
              dataIndex: 'status',
              render: (v: string, x) => <Select size="small" value={v} style={{ width: 130 }} options={statusOptions} onChange={(s) => void change(x, s)} />,
            },
            { title: t('operator.note'), dataIndex: 'note' },
            {
              title: '',
              render: (_: unknown, x) => (
                <Popconfirm title={t('operator.confirmRemove')} onConfirm={() => void remove(x)}>
                  <Button size="small" danger>{t('operator.remove')}</Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}

/** The sealed asset, location and owner on an operator case, for those who may read them (each read is logged). */
export function OperatorDetailsCard({ caseId }: { caseId: string | number }) {
  const { t } = useI18n();
  const d = useAsync(() => api.get<OperatorDetails>(`/api/v1/cases/${caseId}/operator-details`), [caseId]);
  if (!d.data) return null;
  return (
    <Card size="small" title={t('operator.details')} data-testid="operator-details">
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('operator.asset')}>{d.data.asset}</Descriptions.Item>
        <Descriptions.Item label={t('operator.location')}>{d.data.location}</Descriptions.Item>
        <Descriptions.Item label={t('operator.owner')}>{d.data.owner}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
