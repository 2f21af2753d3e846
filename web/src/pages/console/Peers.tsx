import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n';
import { api, ApiError } from '../../api/client';
import type { Org, Peer } from '../../api/types';
import { useAsync } from '../../lib/useAsync';
import { ErrorState } from '../../components/ErrorState';
import { useOrgList } from './Admin';
import { useAuth } from '../../auth';
import { fmtTime } from '../../lib/time';

// The peers list, shared by the panels of one page (several ask for it); a
// change on the peers page or another user starts again.
let cache: { user: string; list: Promise<Peer[]> } | null = null;
function loadPeers(user: string, fresh = false): Promise<Peer[]> {
  if (fresh || !cache || cache.user !== user)
    cache = { user, list: api.get<{ items: Peer[] }>('/api/v1/peers').then((r) => r.items) };
  return cache.list;
}

/** GET /api/v1/peers: platform admins only; others get a 403 error (no federation actions for them). */
export function usePeers(fresh = false) {
  const { user } = useAuth();
  return useAsync(() => loadPeers(String(user?.id ?? ''), fresh), [user?.id]);
}

export function orgOf(orgs: Org[] | undefined, id: unknown): Org | undefined {
  return orgs?.find((o) => String(o.id) === String(id));
}

/** A peer as people know it: its name and its organisation's type. */
export function peerLabel(p: Peer, orgs: Org[] | undefined, td: (p: string, v: string) => string): string {
  const o = orgOf(orgs, p.org_id);
  return o ? `${p.name} (${td('orgType', o.type)})` : p.name;
}

/** Federation peers: other loudong deployments this one calls (platform admins). */
export function Peers() {
  const { t, td } = useI18n();
  const { message } = App.useApp();
  const peers = usePeers(true);
  const orgs = useOrgList();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('nav.peers')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => { form.resetFields(); setOpen(true); }} data-testid="peer-new">
          {t('peer.new')}
        </Button>
      </Space>
      <Alert type="info" showIcon message={t('peer.intro')} />
      <Card>
        {peers.error ? (
          <ErrorState error={peers.error} onRetry={peers.reload} />
        ) : (
          <Table<Peer>
            loading={peers.loading}
            dataSource={peers.data ?? []}
            rowKey="id"
            pagination={false}
            scroll={{ x: 900 }}
            data-testid="peer-table"
            locale={{ emptyText: <Empty description={t('peer.none')} /> }}
            columns={[
              { title: t('field.name'), dataIndex: 'name' },
              { title: t('peer.baseUrl'), dataIndex: 'base_url', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
              {
                title: t('field.org'),
                dataIndex: 'org_id',
                render: (id: number) => {
                  const o = orgOf(orgs.data, id);
                  return o ? <Space size={4}>{o.name}<Tag>{td('orgType', o.type)}</Tag></Space> : `#${id}`;
                },
              },
              {
                title: t('peer.pin'),
                dataIndex: 'pinned_cert_sha256',
                ellipsis: true,
                render: (v: string) => (v ? <Typography.Text code copyable={{ text: v }}>{v.slice(0, 24)}…</Typography.Text> : <Typography.Text type="secondary">{t('peer.noPin')}</Typography.Text>),
              },
              { title: t('field.createdAt'), dataIndex: 'created_at', width: 190, render: (v: string) => fmtTime(v) },
              {
                title: t('field.actions'),
                key: 'a',
                width: 90,
                render: (_, p) => (
                  <Popconfirm
                    title={t('peer.deleteConfirm')}
                    okText={t('action.confirm')}
                    cancelText={t('action.cancel')}
                    onConfirm={async () => {
                      try {
                        await api.del(`/api/v1/peers/${p.id}`);
                        peers.reload();
                      } catch (e) {
                        message.error(e instanceof Error ? e.message : String(e));
                      }
                    }}
                  >
                    <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('action.delete')} />
                  </Popconfirm>
                ),
              },
            ]}
          />
        )}
      </Card>
      <Modal open={open} title={t('peer.new')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={busy} okText={t('action.create')} cancelText={t('action.cancel')} destroyOnClose>
        <Form
          form={form}
          layout="vertical"
          name="peer"
          onFinish={async (v: { name: string; base_url: string; org_id: number; token: string; pinned_cert_sha256?: string }) => {
            setBusy(true);
            try {
              await api.post<Peer>('/api/v1/peers', {
                name: v.name,
                base_url: v.base_url.trim(),
                org_id: Number(v.org_id),
                token: v.token,
                pinned_cert_sha256: v.pinned_cert_sha256?.trim() || undefined,
              });
              setOpen(false);
              peers.reload();
              message.success(t('common.saved'));
            } catch (e) {
              if (e instanceof ApiError && e.fields.length) form.setFields(e.fields.map((f) => ({ name: f.field, errors: [f.message] })));
              else message.error(e instanceof Error ? e.message : String(e));
            } finally {
              setBusy(false);
            }
          }}
        >
          <Form.Item name="name" label={t('field.name')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input placeholder={t('peer.namePh')} />
          </Form.Item>
          <Form.Item name="base_url" label={t('peer.baseUrl')} extra={t('peer.baseUrlHint')} rules={[{ required: true, message: t('validation.required') }, { pattern: /^https?:\/\/\S+$/, message: t('webhook.urlBad') }]}>
            <Input placeholder="https://nvdb.example.cn" />
          </Form.Item>
          <Form.Item name="org_id" label={t('peer.org')} extra={t('peer.orgHint')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select
              showSearch
              optionFilterProp="label"
              loading={orgs.loading}
              options={(orgs.data ?? []).map((o) => ({ value: o.id, label: `${o.name} (${td('orgType', o.type)})` }))}
            />
          </Form.Item>
          <Form.Item name="token" label={t('peer.token')} extra={t('peer.tokenHint')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="pinned_cert_sha256" label={t('peer.pin')} extra={t('peer.pinHint')}>
            <Input placeholder="sha256//AbC…=" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
