import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Result,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { ApiOutlined, DeleteOutlined, EditOutlined, KeyOutlined, PlusOutlined, SendOutlined, WarningOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { api, ApiError } from '../../api/client';
import type { Webhook, WebhookWithSecret } from '../../api/types';
import { useAsync } from '../../lib/useAsync';
import { ErrorState } from '../../components/ErrorState';
import { useAuth } from '../../auth';
import { useOrgList } from './Admin';
import { fmtTime } from '../../lib/time';
import { GRADES, NOTIFY_EVENTS, SIGNATURE_SNIPPET, webhookOrgs } from '../../lib/exchange';

interface WebhookForm {
  url: string;
  description?: string;
  events?: string[];
  min_grade?: string;
  enabled: boolean;
}

/** The event list of a subscription or preference: "all events" or each event's name. */
export function EventTags({ events }: { events: string[] }) {
  const { t, td } = useI18n();
  if (!events.length) return <Tag>{t('prefs.allEvents')}</Tag>;
  return (
    <Space size={[4, 4]} wrap>
      {events.map((e) => (
        <Tooltip key={e} title={e}>
          <Tag>{td('event', e)}</Tag>
        </Tooltip>
      ))}
    </Space>
  );
}

/** The secret, once, with how a receiver checks the signature. */
export function SecretModal({ secret, onClose }: { secret: string | null; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Modal
      open={!!secret}
      title={t('webhook.secretTitle')}
      onCancel={onClose}
      maskClosable={false}
      destroyOnClose
      width={760}
      footer={
        <Button type="primary" onClick={onClose} data-testid="webhook-secret-done">
          {t('webhook.secretSaved')}
        </Button>
      }
    >
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <Alert type="warning" showIcon message={t('webhook.secretOnce')} />
        <Typography.Text code copyable={{ text: secret ?? '' }} style={{ fontSize: 15, wordBreak: 'break-all' }} data-testid="webhook-secret">
          {secret}
        </Typography.Text>
        <Typography.Title level={5} style={{ marginBottom: 0 }}>
          {t('webhook.howToVerify')}
        </Typography.Title>
        <ol style={{ margin: 0, paddingInlineStart: 20 }}>
          <li>
            {t('webhook.verifyHeader')} <Typography.Text code>X-Loudong-Signature: t=&lt;unix&gt;,v1=&lt;hex&gt;</Typography.Text>
          </li>
          <li>
            {t('webhook.verifyHmac')} <Typography.Text code>HMAC-SHA256(secret, "&lt;t&gt;.&lt;body&gt;")</Typography.Text>
          </li>
          <li>{t('webhook.verifyAge')}</li>
          <li>
            {t('webhook.verifyDedupe')} <Typography.Text code>X-Loudong-Delivery</Typography.Text>
          </li>
        </ol>
        <Typography.Paragraph copyable={{ text: SIGNATURE_SNIPPET }} style={{ marginBottom: 0 }}>
          <pre data-testid="webhook-snippet" style={{ fontSize: 12, maxHeight: 320, overflow: 'auto', margin: 0 }}>
            {SIGNATURE_SNIPPET}
          </pre>
        </Typography.Paragraph>
      </Space>
    </Modal>
  );
}

function WebhookModal({
  open,
  editing,
  orgId,
  onClose,
  onSaved,
}: {
  open: boolean;
  editing: Webhook | null;
  orgId: string;
  onClose: () => void;
  onSaved: (w: Webhook, secret?: string) => void;
}) {
  const { t, td } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<WebhookForm>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open={open}
      title={editing ? t('webhook.edit') : t('webhook.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okText={editing ? t('action.save') : t('action.create')}
      cancelText={t('action.cancel')}
      width={640}
      destroyOnClose
    >
      <Form
        form={form}
        layout="vertical"
        name="webhook"
        preserve={false}
        initialValues={
          editing
            ? { url: editing.url, description: editing.description, events: editing.events, min_grade: editing.min_grade ?? undefined, enabled: editing.enabled }
            : { enabled: true, events: [] }
        }
        onFinish={async (v) => {
          setBusy(true);
          // min_grade left out means "any grade" on create and "unchanged" on edit; null clears it.
          const body = {
            url: v.url.trim(),
            description: v.description ?? '',
            events: v.events ?? [],
            ...(v.min_grade ? { min_grade: v.min_grade } : editing?.min_grade ? { min_grade: null } : {}),
            enabled: v.enabled,
          };
          try {
            if (editing) onSaved(await api.patch<Webhook>(`/api/v1/webhooks/${editing.id}`, body));
            else {
              const w = await api.post<WebhookWithSecret>(`/api/v1/orgs/${orgId}/webhooks`, body);
              onSaved(w, w.secret);
            }
          } catch (e) {
            if (e instanceof ApiError && e.fields.length)
              form.setFields(e.fields.map((f) => ({ name: f.field.replace(/\[.*$/, '') as keyof WebhookForm, errors: [f.message] })));
            else message.error(e instanceof Error ? e.message : String(e));
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item
          name="url"
          label={t('webhook.url')}
          extra={t('webhook.urlHint')}
          rules={[
            { required: true, message: t('validation.required') },
            { pattern: /^https?:\/\/[^\s/?#@]+/, message: t('webhook.urlBad') },
          ]}
        >
          <Input placeholder="https://hooks.example.cn/loudong" />
        </Form.Item>
        <Form.Item name="description" label={t('webhook.description')}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="events" label={t('prefs.events')} extra={t('webhook.eventsHint')}>
          <Select
            mode="multiple"
            allowClear
            placeholder={t('prefs.allEvents')}
            optionFilterProp="label"
            options={NOTIFY_EVENTS.map((e) => ({ value: e, label: `${td('event', e)} (${e})` }))}
          />
        </Form.Item>
        <Form.Item name="min_grade" label={t('prefs.minGrade')} extra={t('webhook.minGradeHint')}>
          <Select allowClear placeholder={t('prefs.anyGrade')} options={GRADES.map((g) => ({ value: g, label: t('prefs.gradeAndAbove', { grade: td('grade', g) }) }))} />
        </Form.Item>
        <Form.Item name="enabled" label={t('webhook.enabled')} valuePropName="checked" extra={editing && !editing.enabled ? t('webhook.enableResets') : undefined}>
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Webhook subscriptions of one organisation, for its admins and platform admins. */
export function Webhooks() {
  const { t, td } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const orgs = useOrgList();
  const [params, setParams] = useSearchParams();
  const mine = webhookOrgs(user, orgs.data ?? []);
  const orgId = params.get('org') ?? (mine[0] ? String(mine[0].id) : '');
  const hooks = useAsync(
    () => (orgId ? api.get<{ items: Webhook[] }>(`/api/v1/orgs/${orgId}/webhooks`).then((r) => r.items) : Promise.resolve([] as Webhook[])),
    [orgId],
  );
  const [modal, setModal] = useState<{ editing: Webhook | null } | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [tested, setTested] = useState<{ url: string; delivery: number } | null>(null);
  const [busyId, setBusyId] = useState<number | null>(null);

  const act = async (w: Webhook, f: () => Promise<void>) => {
    setBusyId(w.id);
    try {
      await f();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusyId(null);
    }
  };
  const enable = (w: Webhook, enabled: boolean) =>
    act(w, async () => {
      await api.patch<Webhook>(`/api/v1/webhooks/${w.id}`, { enabled });
      message.success(enabled ? t('webhook.enabledNow') : t('webhook.disabledNow'));
      hooks.reload();
    });

  if (orgs.error) return <ErrorState error={orgs.error} onRetry={orgs.reload} />;
  if (orgs.data && !mine.length) return <Result status="403" title={t('error.forbidden')} subTitle={t('webhook.noOrg')} />;
  const list = hooks.data ?? [];
  const disabled = list.filter((w) => !w.enabled);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('nav.webhooks')}
        </Typography.Title>
        <Space wrap>
          <Select
            aria-label={t('field.org')}
            style={{ width: 240 }}
            value={orgId || undefined}
            loading={orgs.loading}
            showSearch
            optionFilterProp="label"
            onChange={(v: string) => {
              setTested(null);
              setParams({ org: v }, { replace: true });
            }}
            options={mine.map((o) => ({ value: String(o.id), label: o.name }))}
            data-testid="webhook-org"
          />
          <Button type="primary" icon={<PlusOutlined />} disabled={!orgId} onClick={() => setModal({ editing: null })} data-testid="webhook-new">
            {t('webhook.new')}
          </Button>
        </Space>
      </Space>
      <Alert type="info" showIcon message={t('webhook.intro')} />
      {disabled.map((w) => (
        <Alert
          key={w.id}
          type="error"
          showIcon
          icon={<WarningOutlined />}
          data-testid="webhook-disabled-alert"
          message={t('webhook.disabledTitle', { url: w.url })}
          description={
            <>
              {w.disabled_reason ? t('webhook.disabledReason', { reason: w.disabled_reason }) : t('webhook.disabledByHand')}
              {w.consecutive_failures > 0 && ` ${t('webhook.failuresN', { n: w.consecutive_failures })}`}
            </>
          }
          action={
            <Button size="small" type="primary" loading={busyId === w.id} onClick={() => enable(w, true)}>
              {t('webhook.enableAgain')}
            </Button>
          }
        />
      ))}
      {tested && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setTested(null)}
          data-testid="webhook-test-queued"
          message={
            <span>
              {t('webhook.testQueued', { url: tested.url })}{' '}
              <Link to={`/console/deliveries/${tested.delivery}`} data-testid="webhook-test-link">
                {t('webhook.seeDelivery', { id: tested.delivery })}
              </Link>
            </span>
          }
        />
      )}
      <Card>
        {hooks.error ? (
          <ErrorState error={hooks.error} onRetry={hooks.reload} />
        ) : (
          <Table<Webhook>
            loading={hooks.loading}
            dataSource={list}
            rowKey="id"
            scroll={{ x: 1100 }}
            pagination={false}
            data-testid="webhook-table"
            locale={{ emptyText: <Empty description={t('webhook.none')} /> }}
            columns={[
              {
                title: t('webhook.url'),
                key: 'url',
                render: (_, w) => (
                  <Space direction="vertical" size={0}>
                    <Typography.Text code style={{ wordBreak: 'break-all' }}>{w.url}</Typography.Text>
                    {w.description && <Typography.Text type="secondary">{w.description}</Typography.Text>}
                  </Space>
                ),
              },
              { title: t('prefs.events'), key: 'events', width: 260, render: (_, w) => <EventTags events={w.events} /> },
              {
                title: t('prefs.minGrade'),
                key: 'grade',
                width: 110,
                render: (_, w) => (w.min_grade ? t('prefs.gradeAndAbove', { grade: td('grade', w.min_grade) }) : t('prefs.anyGrade')),
              },
              {
                title: t('field.state'),
                key: 'state',
                width: 170,
                render: (_, w) => (
                  <Space direction="vertical" size={2}>
                    <Space size={4}>
                      <Switch size="small" checked={w.enabled} loading={busyId === w.id} onChange={(v) => enable(w, v)} aria-label={t('webhook.enabled')} />
                      {w.enabled ? <Tag color="green">{t('webhook.on')}</Tag> : <Tag color="red">{t('webhook.off')}</Tag>}
                    </Space>
                    {w.consecutive_failures > 0 && (
                      <Typography.Text type="danger" style={{ fontSize: 12 }}>
                        {t('webhook.failuresN', { n: w.consecutive_failures })}
                      </Typography.Text>
                    )}
                  </Space>
                ),
              },
              { title: t('field.createdAt'), dataIndex: 'created_at', width: 190, render: (v: string) => fmtTime(v) },
              {
                title: t('field.actions'),
                key: 'a',
                width: 300,
                render: (_, w) => (
                  <Space wrap size={4}>
                    <Button
                      size="small"
                      icon={<SendOutlined />}
                      loading={busyId === w.id}
                      data-testid={`webhook-test-${w.id}`}
                      onClick={() =>
                        act(w, async () => {
                          const r = await api.post<{ delivery_id: number }>(`/api/v1/webhooks/${w.id}/test`, {});
                          setTested({ url: w.url, delivery: r.delivery_id });
                        })
                      }
                    >
                      {t('webhook.test')}
                    </Button>
                    <Button size="small" icon={<EditOutlined />} onClick={() => setModal({ editing: w })}>
                      {t('action.edit')}
                    </Button>
                    <Popconfirm
                      title={t('webhook.rotateConfirm')}
                      okText={t('action.confirm')}
                      cancelText={t('action.cancel')}
                      onConfirm={() =>
                        act(w, async () => {
                          const r = await api.post<WebhookWithSecret>(`/api/v1/webhooks/${w.id}/secret`, {});
                          setSecret(r.secret);
                          hooks.reload();
                        })
                      }
                    >
                      <Button size="small" icon={<KeyOutlined />} data-testid={`webhook-rotate-${w.id}`}>
                        {t('webhook.rotate')}
                      </Button>
                    </Popconfirm>
                    <Popconfirm
                      title={t('webhook.deleteConfirm')}
                      okText={t('action.confirm')}
                      cancelText={t('action.cancel')}
                      onConfirm={() =>
                        act(w, async () => {
                          await api.del(`/api/v1/webhooks/${w.id}`);
                          hooks.reload();
                        })
                      }
                    >
                      <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('action.delete')} />
                    </Popconfirm>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      <Typography.Paragraph type="secondary">
        <ApiOutlined /> {t('webhook.deliveriesHint')} <Link to="/console/deliveries?kind=webhook">{t('nav.deliveries')}</Link>
      </Typography.Paragraph>
      <WebhookModal
        open={!!modal}
        editing={modal?.editing ?? null}
        orgId={orgId}
        onClose={() => setModal(null)}
        onSaved={(_, s) => {
          setModal(null);
          hooks.reload();
          if (s) setSecret(s);
          else message.success(t('common.saved'));
        }}
      />
      <SecretModal secret={secret} onClose={() => setSecret(null)} />
    </Space>
  );
}
