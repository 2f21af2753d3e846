import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, Select, Space, Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import dayjs, { type Dayjs } from 'dayjs';
import { useI18n } from '../../i18n';
import { api, ApiError } from '../../api/client';
import type { Case, UpstreamNotice, UserNotice } from '../../api/types';
import { fmtTime } from '../../lib/time';
import { QueuedAlert, UpstreamDelivery, UserNoticeEmails } from './FederationActions';

const METHODS = ['email', 'phone', 'portal', 'federation', 'letter', 'other'];

function NoticeForm({
  kind,
  caseId,
  onDone,
  initial,
}: {
  kind: 'upstream' | 'user';
  caseId: string;
  onDone: () => void;
  initial?: Record<string, string>;
}) {
  const { t, td } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  return (
    <Form
      form={form}
      layout="vertical"
      name={`${kind}-notice`}
      initialValues={{ method: 'email', ...initial }}
      onFinish={async (v: Record<string, string | Dayjs | undefined>) => {
        setBusy(true);
        try {
          const body: Record<string, unknown> = { ...v, notified_at: v.notified_at ? (v.notified_at as Dayjs).toISOString() : undefined };
          await api.post(`/api/v1/cases/${caseId}/${kind === 'upstream' ? 'upstream-notices' : 'user-notices'}`, body);
          message.success(t('notice.recorded'));
          form.resetFields();
          onDone();
        } catch (e) {
          if (e instanceof ApiError && e.fields.length) form.setFields(e.fields.map((f) => ({ name: f.field, errors: [f.message] })));
          else message.error(e instanceof Error ? e.message : String(e));
        } finally {
          setBusy(false);
        }
      }}
    >
      <Space wrap align="start">
        {kind === 'upstream' ? (
          <>
            <Form.Item name="upstream_provider" label={t('notice.upstreamProvider')} rules={[{ required: true, message: t('validation.required') }]}>
              <Input style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name="component" label={t('notice.component')}>
              <Input style={{ width: 220 }} />
            </Form.Item>
          </>
        ) : (
          <>
            <Form.Item name="customer" label={t('notice.customer')} rules={[{ required: true, message: t('validation.required') }]}>
              <Input style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name="contact" label={t('notice.contact')}>
              <Input style={{ width: 220 }} />
            </Form.Item>
          </>
        )}
        <Form.Item name="method" label={t('notice.method')} rules={[{ required: true, message: t('validation.required') }]}>
          <Select style={{ width: 160 }} options={METHODS.map((m) => ({ value: m, label: td('noticeMethod', m) }))} />
        </Form.Item>
        <Form.Item name="notified_at" label={t('notice.notifiedAt')}>
          <DatePicker showTime disabledDate={(d) => d.isAfter(dayjs())} />
        </Form.Item>
      </Space>
      <Form.Item name="evidence" label={t('notice.evidence')} rules={[{ required: true, message: t('validation.required') }]} extra={t('notice.evidenceHint')}>
        <Input.TextArea autoSize={{ minRows: 2 }} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('notice.record')}
      </Button>
    </Form>
  );
}

export function NoticesPanel({ c, onChanged }: { c: Case; onChanged: () => void }) {
  const { t, td } = useI18n();
  const canFile = c.permissions?.file !== false;
  const [upstreamSent, setUpstreamSent] = useState<number | null>(null);
  const [emailsQueued, setEmailsQueued] = useState<number | null>(null);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small" title={t('notice.upstreamTitle')} data-testid="upstream-panel">
        <Typography.Paragraph type="secondary">{t('notice.upstreamRule')}</Typography.Paragraph>
        {canFile && (
          <Space direction="vertical" style={{ width: '100%', marginBottom: 16 }}>
            <UpstreamDelivery
              c={c}
              onSent={(id) => {
                setUpstreamSent(id);
                onChanged();
              }}
            />
            {upstreamSent !== null && (
              <QueuedAlert text={t('fed.upstreamQueued')} delivery={upstreamSent} onClose={() => setUpstreamSent(null)} testId="fed-upstream-queued" />
            )}
          </Space>
        )}
        <Table<UpstreamNotice>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={c.upstream_notices ?? []}
          locale={{ emptyText: t('notice.noneYet') }}
          style={{ marginBottom: 16 }}
          columns={[
            { title: t('notice.upstreamProvider'), dataIndex: 'upstream_provider' },
            { title: t('notice.component'), dataIndex: 'component' },
            { title: t('notice.method'), dataIndex: 'method', render: (m: string) => td('noticeMethod', m) },
            { title: t('notice.notifiedAt'), dataIndex: 'notified_at', render: (v: string) => fmtTime(v) },
            { title: t('notice.evidence'), dataIndex: 'evidence', ellipsis: true },
          ]}
        />
        {canFile && (
          <NoticeForm
            kind="upstream"
            caseId={c.id}
            onDone={onChanged}
            initial={{ component: c.upstream?.component ?? '', upstream_provider: c.upstream?.provider_name ?? '' }}
          />
        )}
      </Card>
      <Card size="small" title={t('notice.userTitle')}>
        <Typography.Paragraph type="secondary">{t('notice.userRule')}</Typography.Paragraph>
        {canFile && (
          <Space direction="vertical" style={{ width: '100%', marginBottom: 16 }}>
            <UserNoticeEmails
              c={c}
              onSent={(n) => {
                setEmailsQueued(n);
                onChanged();
              }}
            />
            {emailsQueued !== null && (
              <Alert
                type={emailsQueued > 0 ? 'success' : 'warning'}
                showIcon
                closable
                onClose={() => setEmailsQueued(null)}
                data-testid="fed-emails-queued"
                message={
                  <span>
                    {emailsQueued > 0 ? t('fed.emailsQueued', { n: emailsQueued }) : t('fed.emailsNone')}{' '}
                    {emailsQueued > 0 && <Link to="/console/deliveries?kind=email">{t('nav.deliveries')}</Link>}
                  </span>
                }
              />
            )}
          </Space>
        )}
        <Table<UserNotice>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={c.user_notices ?? []}
          locale={{ emptyText: t('notice.noneYet') }}
          style={{ marginBottom: 16 }}
          columns={[
            { title: t('notice.customer'), dataIndex: 'customer' },
            { title: t('notice.contact'), dataIndex: 'contact' },
            { title: t('notice.method'), dataIndex: 'method', render: (m: string) => td('noticeMethod', m) },
            { title: t('notice.notifiedAt'), dataIndex: 'notified_at', render: (v: string) => fmtTime(v) },
            { title: t('notice.evidence'), dataIndex: 'evidence', ellipsis: true },
          ]}
        />
        {canFile && <NoticeForm kind="user" caseId={c.id} onDone={onChanged} />}
      </Card>
    </Space>
  );
}
