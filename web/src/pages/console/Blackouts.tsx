// The blackout calendar (R-PUB-6): major-event periods during which an
// advisory is published only with a recorded MPS consent. The platform's
// administrators change it; every member reads it.
import { useState } from 'react';
import { App, Button, Card, DatePicker, Form, Input, Popconfirm, Table, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useI18n } from '../../i18n';
import { api, ApiError } from '../../api/client';
import type { Blackout } from '../../api/types';
import { useAsync } from '../../lib/useAsync';
import { ErrorState } from '../../components/ErrorState';
import { fmtTime } from '../../lib/time';
import { useAuth } from '../../auth';

export function Blackouts() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const canManage = !!user?.platform_admin || (user?.memberships ?? []).some((m) => String(m.org_id) === '1' && m.role === 'admin');
  const list = useAsync(() => api.get<{ items: Blackout[] }>('/api/v1/blackouts'), []);
  const [form] = Form.useForm<{ name: string; period: [Dayjs, Dayjs] }>();
  const [busy, setBusy] = useState(false);
  const now = Date.now();
  return (
    <Card title={<Typography.Title level={3} style={{ margin: 0 }}>{t('blackout.title')}</Typography.Title>}>
      <Typography.Paragraph type="secondary">{t('blackout.intro')}</Typography.Paragraph>
      {canManage && (
        <Form form={form} layout="inline" name="blackout" style={{ marginBottom: 16 }}
          onFinish={async (v) => {
            setBusy(true);
            try {
              await api.post('/api/v1/blackouts', { name: v.name, start: v.period[0].toISOString(), end: v.period[1].toISOString() });
              message.success(t('blackout.added'));
              form.resetFields();
              list.reload();
            } catch (e) {
              message.error(e instanceof ApiError ? e.message : String(e));
            } finally {
              setBusy(false);
            }
          }}>
          <Form.Item name="name" rules={[{ required: true, message: t('blackout.nameRequired') }]}>
            <Input placeholder={t('blackout.name')} id="blackout_name" />
          </Form.Item>
          <Form.Item name="period" rules={[{ required: true, message: t('blackout.periodRequired') }]}>
            <DatePicker.RangePicker showTime id="blackout_period" />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={busy} data-testid="blackout-add">
            {t('blackout.add')}
          </Button>
        </Form>
      )}
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <Table<Blackout>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          data-testid="blackout-list"
          locale={{ emptyText: t('blackout.empty') }}
          columns={[
            { title: t('blackout.name'), dataIndex: 'name' },
            { title: t('blackout.start'), render: (_, b) => fmtTime(b.start) },
            { title: t('blackout.end'), render: (_, b) => fmtTime(b.end) },
            {
              title: t('blackout.status'),
              render: (_, b) =>
                Date.parse(b.start) <= now && now < Date.parse(b.end) ? t('blackout.active') : Date.parse(b.end) <= now ? t('blackout.past') : t('blackout.upcoming'),
            },
            { title: t('blackout.createdBy'), render: (_, b) => b.created_by_name || '' },
            ...(canManage
              ? [
                  {
                    title: '',
                    key: 'del',
                    render: (_: unknown, b: Blackout) => (
                      <Popconfirm title={t('blackout.deleteConfirm')} okText={t('action.confirm')} cancelText={t('action.cancel')}
                        onConfirm={async () => {
                          try {
                            await api.del(`/api/v1/blackouts/${b.id}`);
                            list.reload();
                          } catch (e) {
                            message.error(e instanceof ApiError ? e.message : String(e));
                          }
                        }}>
                        <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('blackout.delete')} />
                      </Popconfirm>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
    </Card>
  );
}
