import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Result,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { CheckCircleOutlined, CloseCircleOutlined, PlusOutlined, SafetyOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useI18n } from '../../i18n';
import { api, ApiError, type Page } from '../../api/client';
import type { ApiToken, Org, PolicyChange, PolicyInfo, Receipt, User, VerifyResult } from '../../api/types';
import { useAsync } from '../../lib/useAsync';
import { useCursorList } from '../../lib/useCursorList';
import { CursorPager } from '../../components/CursorPager';
import { ErrorState, errorText } from '../../components/ErrorState';
import { useAuth } from '../../auth';
import { fmtTime } from '../../lib/time';
import { policyChanges } from '../../lib/policy';

const ORG_TYPES = ['provider', 'operator', 'platform', 'finder_team', 'authority'];
const ROLES = ['admin', 'coordinator', 'member', 'auditor'];

function fieldErrors(form: ReturnType<typeof Form.useForm>[0], e: unknown, fallback: (m: string) => void) {
  if (e instanceof ApiError && e.fields.length) form.setFields(e.fields.map((f) => ({ name: f.field.replace(/\[.*$/, ''), errors: [f.message] })));
  else fallback(e instanceof Error ? e.message : String(e));
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

export function useOrgList() {
  return useAsync(() => api.get<Page<Org>>('/api/v1/orgs', { limit: 500 }).then((r) => r.items), []);
}

export function Orgs() {
  const { t, td } = useI18n();
  const { message } = App.useApp();
  const orgs = useOrgList();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <PageHead title={t('nav.orgs')} extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => { form.resetFields(); setOpen(true); }}>{t('admin.newOrg')}</Button>} />
      <Card>
        {orgs.error ? (
          <ErrorState error={orgs.error} onRetry={orgs.reload} />
        ) : (
          <Table<Org>
            loading={orgs.loading}
            dataSource={orgs.data ?? []}
            rowKey="id"
            locale={{ emptyText: <Empty description={t('empty.noData')} /> }}
            columns={[
              { title: t('field.name'), dataIndex: 'name' },
              { title: t('field.type'), dataIndex: 'type', render: (v: string) => <Tag>{td('orgType', v)}</Tag> },
              { title: t('field.region'), dataIndex: 'region' },
              { title: t('field.email'), dataIndex: 'contact_email' },
              { title: t('field.createdAt'), dataIndex: 'created_at', render: (v: string) => fmtTime(v) },
            ]}
          />
        )}
      </Card>
      <Modal open={open} title={t('admin.newOrg')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={busy} okText={t('action.create')} cancelText={t('action.cancel')} destroyOnClose>
        <Form
          form={form}
          layout="vertical"
          name="org"
          initialValues={{ type: 'provider', region: 'CN' }}
          onFinish={async (v) => {
            setBusy(true);
            try {
              await api.post('/api/v1/orgs', v);
              setOpen(false);
              orgs.reload();
              message.success(t('common.saved'));
            } catch (e) {
              fieldErrors(form, e, message.error);
            } finally {
              setBusy(false);
            }
          }}
        >
          <Form.Item name="name" label={t('field.name')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input />
          </Form.Item>
          <Form.Item name="type" label={t('field.type')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select options={ORG_TYPES.map((o) => ({ value: o, label: td('orgType', o) }))} />
          </Form.Item>
          <Form.Item name="region" label={t('field.region')} extra={t('admin.regionHint')} rules={[{ required: true, pattern: /^[A-Z]{2}$/, message: t('admin.regionHint') }]}>
            <Input maxLength={2} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="contact_email" label={t('field.email')}>
            <Input type="email" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

export function Users() {
  const { t, td } = useI18n();
  const { message } = App.useApp();
  const users = useAsync(() => api.get<Page<User>>('/api/v1/users', { limit: 500 }).then((r) => r.items), []);
  const orgs = useOrgList();
  const orgName = (id: string) => orgs.data?.find((o) => o.id === id)?.name ?? id;
  const [open, setOpen] = useState(false);
  const [memberOf, setMemberOf] = useState<User | null>(null);
  const [form] = Form.useForm();
  const [mform] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const orgOptions = (orgs.data ?? []).map((o) => ({ value: o.id, label: o.name }));
  const roleOptions = ROLES.map((r) => ({ value: r, label: td('role', r) }));
  const { user: me } = useAuth();
  // A lost phone: the user signs in with the password alone and enrols again.
  const resetSecondFactor = async (u: User) => {
    try {
      await api.post(`/api/v1/users/${u.id}/second-factor/reset`);
      message.success(t('tfa.resetDone'));
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <PageHead title={t('nav.users')} extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => { form.resetFields(); setOpen(true); }}>{t('admin.newUser')}</Button>} />
      <Card>
        {users.error ? (
          <ErrorState error={users.error} onRetry={users.reload} />
        ) : (
          <Table<User>
            loading={users.loading}
            dataSource={users.data ?? []}
            rowKey="id"
            scroll={{ x: 800 }}
            locale={{ emptyText: <Empty description={t('empty.noData')} /> }}
            columns={[
              { title: t('field.username'), dataIndex: 'username' },
              { title: t('field.displayName'), dataIndex: 'display_name' },
              { title: t('field.email'), dataIndex: 'email' },
              {
                title: t('admin.memberships'),
                key: 'm',
                render: (_, u) => (
                  <Space wrap size={4}>
                    {u.platform_admin && <Tag color="red">{t('role.platform_admin')}</Tag>}
                    {u.finder && <Tag color="green">{t('admin.finder')}</Tag>}
                    {(u.memberships ?? []).map((m) => (
                      <Tag key={m.org_id} color="blue">
                        {orgName(m.org_id)} · {td('role', m.role)}
                      </Tag>
                    ))}
                  </Space>
                ),
              },
              {
                title: t('field.actions'),
                key: 'a',
                width: 260,
                render: (_, u) => (
                  <Space size="small">
                    <Button size="small" onClick={() => { mform.resetFields(); setMemberOf(u); }}>
                      {t('admin.setRole')}
                    </Button>
                    {me?.platform_admin && (
                      <Popconfirm title={t('tfa.resetConfirm')} onConfirm={() => resetSecondFactor(u)}>
                        <Button size="small" danger data-testid={`tfa-reset-${u.username}`}>{t('tfa.reset')}</Button>
                      </Popconfirm>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      <Modal open={open} title={t('admin.newUser')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={busy} okText={t('action.create')} cancelText={t('action.cancel')} destroyOnClose>
        <Form
          form={form}
          layout="vertical"
          name="user"
          initialValues={{ role: 'coordinator' }}
          onFinish={async (v) => {
            setBusy(true);
            try {
              await api.post('/api/v1/users', {
                username: v.username,
                password: v.password,
                display_name: v.display_name ?? '',
                email: v.email ?? '',
                memberships: v.org_id ? [{ org_id: v.org_id, role: v.role }] : [],
              });
              setOpen(false);
              users.reload();
              message.success(t('common.saved'));
            } catch (e) {
              fieldErrors(form, e, message.error);
            } finally {
              setBusy(false);
            }
          }}
        >
          <Form.Item name="username" label={t('field.username')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="password" label={t('field.password')} rules={[{ required: true, message: t('validation.required') }]} extra={t('admin.passwordHint')}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="display_name" label={t('field.displayName')}>
            <Input />
          </Form.Item>
          <Form.Item name="email" label={t('field.email')}>
            <Input type="email" />
          </Form.Item>
          <Form.Item name="org_id" label={t('field.org')}>
            <Select allowClear options={orgOptions} />
          </Form.Item>
          <Form.Item name="role" label={t('field.role')}>
            <Select options={roleOptions} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={!!memberOf} title={t('admin.setRoleFor', { user: memberOf?.username ?? '' })} onCancel={() => setMemberOf(null)} onOk={() => mform.submit()} okText={t('action.save')} cancelText={t('action.cancel')} destroyOnClose>
        <Form
          form={mform}
          layout="vertical"
          name="membership"
          initialValues={{ role: 'member' }}
          onFinish={async (v) => {
            try {
              await api.put(`/api/v1/users/${memberOf!.id}/memberships`, v);
              setMemberOf(null);
              users.reload();
              message.success(t('common.saved'));
            } catch (e) {
              fieldErrors(mform, e, message.error);
            }
          }}
        >
          <Form.Item name="org_id" label={t('field.org')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select options={orgOptions} />
          </Form.Item>
          <Form.Item name="role" label={t('field.role')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select options={roleOptions} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

export function Tokens() {
  const { t, td } = useI18n();
  const { message } = App.useApp();
  const tokens = useAsync(() => api.get<Page<ApiToken>>('/api/v1/tokens', { limit: 500 }).then((r) => r.items), []);
  const orgs = useOrgList();
  const [open, setOpen] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <PageHead title={t('nav.tokens')} extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => { form.resetFields(); setOpen(true); }}>{t('admin.newToken')}</Button>} />
      {secret && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setSecret(null)}
          message={t('admin.tokenOnce')}
          description={<Typography.Text code copyable data-testid="token-secret">{secret}</Typography.Text>}
        />
      )}
      <Card>
        {tokens.error ? (
          <ErrorState error={tokens.error} onRetry={tokens.reload} />
        ) : (
          <Table<ApiToken>
            loading={tokens.loading}
            dataSource={tokens.data ?? []}
            rowKey="id"
            scroll={{ x: 800 }}
            locale={{ emptyText: <Empty description={t('admin.noTokens')} /> }}
            columns={[
              { title: t('field.name'), dataIndex: 'name' },
              { title: t('field.org'), dataIndex: 'org_id', render: (id: string) => orgs.data?.find((o) => o.id === id)?.name ?? id },
              { title: t('field.role'), dataIndex: 'role', render: (r: string) => td('role', r) },
              { title: t('field.createdAt'), dataIndex: 'created_at', render: (v: string) => fmtTime(v) },
              { title: t('field.expiresAt'), dataIndex: 'expires_at', render: (v: string) => fmtTime(v) },
              { title: t('field.lastUsed'), dataIndex: 'last_used_at', render: (v: string) => fmtTime(v) || '—' },
              {
                title: t('field.actions'),
                key: 'a',
                render: (_, tk) => (
                  <Popconfirm
                    title={t('admin.revokeConfirm')}
                    okText={t('action.confirm')}
                    cancelText={t('action.cancel')}
                    onConfirm={async () => {
                      try {
                        await api.del(`/api/v1/tokens/${tk.id}`);
                        tokens.reload();
                      } catch (e) {
                        message.error(e instanceof Error ? e.message : String(e));
                      }
                    }}
                  >
                    <Button size="small" danger>
                      {t('admin.revoke')}
                    </Button>
                  </Popconfirm>
                ),
              },
            ]}
          />
        )}
      </Card>
      <Modal open={open} title={t('admin.newToken')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={busy} okText={t('action.create')} cancelText={t('action.cancel')} destroyOnClose>
        <Form
          form={form}
          layout="vertical"
          name="token"
          initialValues={{ role: 'member', expires_in_days: 90 }}
          onFinish={async (v) => {
            setBusy(true);
            try {
              const r = await api.post<{ secret: string }>('/api/v1/tokens', v);
              setSecret(r.secret);
              setOpen(false);
              tokens.reload();
            } catch (e) {
              fieldErrors(form, e, message.error);
            } finally {
              setBusy(false);
            }
          }}
        >
          <Form.Item name="name" label={t('field.name')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input />
          </Form.Item>
          <Form.Item name="org_id" label={t('field.org')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select options={(orgs.data ?? []).map((o) => ({ value: o.id, label: o.name }))} />
          </Form.Item>
          <Form.Item name="role" label={t('field.role')}>
            <Select options={ROLES.map((r) => ({ value: r, label: td('role', r) }))} />
          </Form.Item>
          <Form.Item name="expires_in_days" label={t('field.expiresInDays')}>
            <InputNumber min={1} max={366} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

const POLICY_GROUPS: { title: 'policy.groupClocks' | 'policy.groupFix' | 'policy.other'; fields: string[] }[] = [
  { title: 'policy.groupClocks', fields: ['regulatory_report_hours', 'upstream_notice_hours', 'finder_ack_hours', 'user_notice_hours'] },
  { title: 'policy.groupFix', fields: ['fix_critical_days', 'fix_high_days', 'fix_medium_days', 'fix_low_days'] },
  { title: 'policy.other', fields: ['due_soon_percent', 'receipt_retention_days', 'needs_info_timeout_days', 'intake_require_platform_filing', 'require_second_factor'] },
];

function PolicyHistory({ reloadKey }: { reloadKey: number }) {
  const { t, td } = useI18n();
  const list = useCursorList<PolicyChange>(
    (cursor, limit) => api.get<Page<PolicyChange>>('/api/v1/policy/changes', { limit, cursor }),
    String(reloadKey),
    10,
  );
  if (list.error instanceof ApiError && list.error.status === 404) return null;
  return (
    <Card title={t('policy.history')} data-testid="policy-history">
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} compact />
      ) : (
        <>
          <Table<PolicyChange>
            size="small"
            rowKey="id"
            loading={list.loading}
            dataSource={list.items}
            pagination={false}
            locale={{ emptyText: <Empty description={t('policy.historyEmpty')} /> }}
            columns={[
              { title: t('policy.changedAt'), dataIndex: 'at', width: 210, render: (v: string) => fmtTime(v) },
              { title: t('policy.setting'), dataIndex: 'field', render: (f: string) => td('policy', f) },
              { title: t('policy.oldValue'), dataIndex: 'old_value', width: 100 },
              {
                title: t('policy.newValue'),
                key: 'new',
                width: 240,
                render: (_, c) => (
                  <Space size={4}>
                    {c.new_value}
                    {!c.stored && <Tag>{t('policy.backToConfig')}</Tag>}
                  </Space>
                ),
              },
              { title: t('policy.changedBy'), dataIndex: 'actor', width: 160 },
            ]}
          />
          <CursorPager list={list} />
        </>
      )}
    </Card>
  );
}

export function Policy() {
  const { t, td } = useI18n();
  const { message } = App.useApp();
  const pol = useAsync(() => api.get<PolicyInfo>('/api/v1/policy'), []);
  const [form] = Form.useForm<Record<string, number | null>>();
  const [resets, setResets] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(0);
  if (pol.loading && !pol.data) return <Skeleton active />;
  if (pol.error) return <ErrorState error={pol.error} onRetry={pol.reload} />;
  const info = pol.data!;
  const settings = info.settings ?? [];
  const byField = new Map(settings.map((x) => [x.field, x]));
  const editable = !!info.editable;
  const initial = Object.fromEntries(settings.map((x) => [x.field, x.value]));
  const save = async (values: Record<string, number | null>) => {
    const changes = policyChanges(settings, values, resets);
    if (!Object.keys(changes).length) {
      message.info(t('policy.noChange'));
      return;
    }
    setBusy(true);
    try {
      const next = await api.put<PolicyInfo>('/api/v1/policy', changes);
      pol.setData(next);
      form.setFieldsValue(Object.fromEntries(next.settings.map((x) => [x.field, x.value])));
      setResets(new Set());
      setSaved((n) => n + 1);
      message.success(t('policy.saved'));
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) {
        const known = e.fields.filter((f) => byField.has(f.field));
        form.setFields(known.map((f) => ({ name: f.field, errors: [f.message] })));
        const rest = e.fields.filter((f) => !byField.has(f.field));
        if (rest.length || !known.length) message.error(e.message);
      } else message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <PageHead title={t('nav.policy')} />
      <Alert type="info" showIcon message={t('policy.intro')} description={t('policy.applies')} />
      {!editable && <Alert type="warning" showIcon message={t('policy.onlyAdmins')} data-testid="policy-read-only" />}
      <Card>
        <Form
          form={form}
          name="policy"
          layout="vertical"
          disabled={!editable || busy}
          initialValues={initial}
          onFinish={save}
          data-testid="policy-form"
        >
          {POLICY_GROUPS.map((g) => (
            <div key={g.title}>
              <Typography.Title level={5}>{t(g.title)}</Typography.Title>
              <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))', columnGap: 24 }}>
                {g.fields
                  .filter((f) => byField.has(f))
                  .map((f) => {
                    const x = byField.get(f)!;
                    const resetting = resets.has(f);
                    return (
                      <Form.Item
                        key={f}
                        name={f}
                        label={td('policy', f)}
                        rules={[
                          { required: true, message: t('validation.required') },
                          { type: 'integer', min: x.min, max: x.max, message: t('policy.range', { min: x.min, max: x.max }) },
                        ]}
                        extra={
                          <Space size={4} wrap data-testid={`policy-source-${f}`}>
                            {resetting ? (
                              <Tag color="orange">{t('policy.willReset', { value: x.configured })}</Tag>
                            ) : x.stored ? (
                              <Tag color="blue">{t('policy.fromStored')}</Tag>
                            ) : (
                              <Tag>{t('policy.fromConfig')}</Tag>
                            )}
                            {x.stored && !resetting && (
                              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                                {t('policy.configuredValue', { value: x.configured })}
                                {x.updated_by ? ` · ${t('policy.storedBy', { who: x.updated_by, at: fmtTime(x.updated_at) })}` : ''}
                              </Typography.Text>
                            )}
                            {x.stored && editable && !resetting && (
                              <Button
                                type="link"
                                size="small"
                                data-testid={`policy-reset-${f}`}
                                onClick={() => {
                                  setResets(new Set(resets).add(f));
                                  form.setFieldValue(f, x.configured);
                                }}
                              >
                                {t('policy.reset')}
                              </Button>
                            )}
                          </Space>
                        }
                      >
                        <InputNumber
                          min={x.min}
                          max={x.max}
                          precision={0}
                          style={{ width: '100%' }}
                          onChange={() => {
                            if (resetting) {
                              const n = new Set(resets);
                              n.delete(f);
                              setResets(n);
                            }
                          }}
                        />
                      </Form.Item>
                    );
                  })}
              </div>
            </div>
          ))}
          <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={td('policy', 'time_zone')}>{String(info.time_zone ?? '')}</Descriptions.Item>
            <Descriptions.Item label={td('policy', 'grading')}>{td('policyValue', String(info.grading ?? ''))}</Descriptions.Item>
          </Descriptions>
          <Typography.Paragraph type="secondary">{t('policy.readOnlyFields')}</Typography.Paragraph>
          {editable && (
            <Button type="primary" htmlType="submit" loading={busy} data-testid="policy-save">
              {t('policy.save')}
            </Button>
          )}
        </Form>
      </Card>
      {editable && <PolicyHistory reloadKey={saved} />}
    </Space>
  );
}

export function Receipts() {
  const { t, td } = useI18n();
  const [channel, setChannel] = useState<string>();
  const [range, setRange] = useState<[string, string] | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [result, setResult] = useState<VerifyResult | null>(null);
  const [verr, setVerr] = useState<unknown>();
  const key = JSON.stringify([channel, range]);
  const list = useCursorList<Receipt>(
    (cursor, limit) =>
      api.get<Page<Receipt>>('/api/v1/receipts', {
        channel,
        from: range ? dayjs(range[0]).startOf('day').toISOString() : undefined,
        to: range ? dayjs(range[1]).endOf('day').toISOString() : undefined,
        limit,
        cursor,
      }),
    key,
  );
  const verify = async () => {
    setVerifying(true);
    setVerr(undefined);
    try {
      setResult(await api.post<VerifyResult>('/api/v1/receipts/verify', {}));
    } catch (e) {
      setResult(null);
      setVerr(e);
    } finally {
      setVerifying(false);
    }
  };
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <PageHead
        title={t('nav.receipts')}
        extra={
          <Button type="primary" icon={<SafetyOutlined />} loading={verifying} onClick={verify} data-testid="verify-receipts">
            {t('admin.verify')}
          </Button>
        }
      />
      {verr !== undefined && <ErrorState error={verr} compact />}
      {result && (
        <Card data-testid="verify-result">
          <Result
            status={result.ok ? 'success' : 'error'}
            icon={result.ok ? <CheckCircleOutlined /> : <CloseCircleOutlined />}
            title={result.ok ? t('admin.verifyOk', { n: result.checked }) : t('admin.verifyBroken', { seq: result.first_broken_seq ?? '?' })}
            subTitle={result.problem || (result.ok ? t('admin.pinHint') : undefined)}
            extra={
              <Descriptions size="small" column={1} bordered style={{ textAlign: 'left' }}>
                <Descriptions.Item label={t('admin.checked')}>{result.checked}</Descriptions.Item>
                <Descriptions.Item label={t('admin.headSeq')}>{result.head_seq ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('admin.headHash')}>
                  <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>{result.head_hash ?? ''}</Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('admin.reportsChecked')}>{result.reports_checked ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('admin.latestCheckpoint')}>
                  {result.latest_checkpoint ? (
                    <span data-testid="latest-checkpoint">
                      #{result.latest_checkpoint.seq} · {fmtTime(result.latest_checkpoint.at)} ·{' '}
                      <Typography.Text code>{result.latest_checkpoint.hash.slice(0, 16)}</Typography.Text>
                    </span>
                  ) : (
                    '—'
                  )}
                </Descriptions.Item>
                <Descriptions.Item label={t('admin.signingKey')}>
                  <Typography.Text code copyable style={{ wordBreak: 'break-all' }} data-testid="signing-key">{result.signing_key ?? ''}</Typography.Text>
                </Descriptions.Item>
              </Descriptions>
            }
          />
        </Card>
      )}
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select allowClear aria-label={t('field.channel')} placeholder={t('field.channel')} value={channel} onChange={setChannel} style={{ width: 160 }} options={['web', 'api', 'email', 'federation'].map((c) => ({ value: c, label: td('receiptChannel', c) }))} />
          <DatePicker.RangePicker aria-label={t('field.dateRange')} onChange={(r) => setRange(r && r[0] && r[1] ? [r[0].format('YYYY-MM-DD'), r[1].format('YYYY-MM-DD')] : null)} />
        </Space>
        {list.error ? (
          <ErrorState error={list.error} onRetry={list.reload} />
        ) : (
          <>
            <Table<Receipt>
              size="small"
              loading={list.loading}
              dataSource={list.items}
              rowKey="seq"
              pagination={false}
              scroll={{ x: 1000 }}
              locale={{ emptyText: <Empty description={t('empty.noData')} /> }}
              columns={[
                { title: '#', dataIndex: 'seq', width: 70 },
                { title: t('admin.time'), dataIndex: 'at', width: 190, render: (v: string) => fmtTime(v) },
                { title: t('field.channel'), dataIndex: 'channel', width: 100, render: (c: string) => td('receiptChannel', c) },
                { title: t('admin.submitter'), dataIndex: 'submitter', ellipsis: true },
                { title: t('admin.source'), dataIndex: 'source_address', width: 130 },
                { title: t('admin.contentHash'), dataIndex: 'content_sha256', ellipsis: true, render: (h: string) => <Typography.Text code>{h?.slice(0, 16)}</Typography.Text> },
                { title: t('admin.hash'), dataIndex: 'hash', ellipsis: true, render: (h: string) => <Typography.Text code copyable={{ text: h }}>{h?.slice(0, 16)}</Typography.Text> },
              ]}
            />
            <CursorPager list={list} />
          </>
        )}
      </Card>
    </Space>
  );
}

interface AccessEntry {
  id?: string;
  at: string;
  actor?: string;
  actor_name?: string;
  action?: string;
  kind?: string;
  object_type?: string;
  object_id?: string;
  detail?: string;
  request_id?: string;
}

export function AccessLog() {
  const { t } = useI18n();
  const list = useCursorList<AccessEntry>((cursor, limit) => api.get<Page<AccessEntry>>('/api/v1/access-log', { limit, cursor }), '');
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <PageHead title={t('nav.accessLog')} />
      <Card>
        {list.error ? (
          <ErrorState error={list.error} onRetry={list.reload} />
        ) : (
          <>
            <Table<AccessEntry>
              size="small"
              loading={list.loading}
              dataSource={list.items}
              rowKey={(e) => e.id ?? `${e.at}-${e.object_id}-${e.action}`}
              pagination={false}
              scroll={{ x: 900 }}
              locale={{ emptyText: <Empty description={t('empty.noData')} /> }}
              columns={[
                { title: t('admin.time'), dataIndex: 'at', width: 190, render: (v: string) => fmtTime(v) },
                { title: t('admin.actor'), key: 'actor', render: (_, e) => e.actor_name ?? e.actor },
                { title: t('admin.action'), key: 'action', render: (_, e) => e.action ?? e.kind },
                { title: t('admin.object'), key: 'obj', render: (_, e) => `${e.object_type ?? ''} ${e.object_id ?? ''}` },
                { title: t('admin.detail'), dataIndex: 'detail', ellipsis: true },
              ]}
            />
            <CursorPager list={list} />
          </>
        )}
      </Card>
    </Space>
  );
}
