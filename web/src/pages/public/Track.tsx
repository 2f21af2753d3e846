import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, List, Space, Steps, Tag, Typography } from 'antd';
import { useLocation } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { api, ApiError } from '../../api/client';
import type { Tracking } from '../../api/types';
import { CaseStateTag, ReportStateTag } from '../../components/Tags';
import { fmtTime } from '../../lib/time';
import { errorText } from '../../components/ErrorState';

function stepOf(state: string): number {
  switch (state) {
    case 'received':
      return 0;
    case 'triage':
    case 'needs_info':
      return 1;
    default:
      return 2;
  }
}

export function Track() {
  const { t } = useI18n();
  const loc = useLocation();
  const [form] = Form.useForm<{ id: string; token: string }>();
  const [creds, setCreds] = useState<{ id: string; token: string } | null>(null);
  const [data, setData] = useState<Tracking | null>(null);
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    const h = new URLSearchParams(loc.hash.replace(/^#/, ''));
    const id = h.get('id');
    const token = h.get('token');
    if (id && token) {
      form.setFieldsValue({ id, token });
      setCreds({ id, token });
      // Keep the token out of the address bar and the history.
      window.history.replaceState(null, '', '/track');
    }
  }, [loc.hash, form]);

  const load = useCallback(async () => {
    if (!creds) return;
    setLoading(true);
    setError(undefined);
    try {
      setData(
        await api.get<Tracking>(`/api/v1/tracking/${encodeURIComponent(creds.id)}`, undefined, {
          headers: { 'X-Tracking-Token': creds.token },
        }),
      );
    } catch (e) {
      setData(null);
      setError(e);
    } finally {
      setLoading(false);
    }
  }, [creds]);
  useEffect(() => {
    void load();
  }, [load]);

  const send = async (body: string) => {
    if (!creds) return;
    await api.post(`/api/v1/tracking/${encodeURIComponent(creds.id)}/messages`, { body }, {
      headers: { 'X-Tracking-Token': creds.token },
    });
    await load();
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title={<Typography.Title level={3} style={{ margin: 0 }}>{t('track.title')}</Typography.Title>}>
        <Typography.Paragraph type="secondary">{t('track.intro')}</Typography.Paragraph>
        <Form form={form} name="track" layout="vertical" onFinish={(v) => setCreds({ id: v.id.trim(), token: v.token.trim() })}>
          <Space wrap align="end">
            <Form.Item name="id" label={t('track.id')} rules={[{ required: true, message: t('validation.required') }]}>
              <Input style={{ width: 260 }} autoComplete="off" />
            </Form.Item>
            <Form.Item name="token" label={t('track.token')} rules={[{ required: true, message: t('validation.required') }]}>
              <Input.Password style={{ width: 320 }} autoComplete="off" />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit" loading={loading}>
                {t('track.show')}
              </Button>
            </Form.Item>
          </Space>
        </Form>
        {error !== undefined && (
          <Alert
            type="error"
            showIcon
            message={error instanceof ApiError && (error.status === 404 || error.status === 401 || error.status === 403) ? t('track.notFound') : t('error.loadFailed')}
            description={errorText(error)}
          />
        )}
      </Card>
      {data && <TrackingDetails data={data} onSend={send} />}
    </Space>
  );
}

/** A report as its finder sees it: status, case state, the messages meant for them, a reply box. */
export function TrackingDetails({ data, onSend }: { data: Tracking; onSend: (body: string) => Promise<void> }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [reply, setReply] = useState('');
  const [sending, setSending] = useState(false);
  const send = async () => {
    if (!reply.trim()) return;
    setSending(true);
    try {
      await onSend(reply);
      setReply('');
      message.success(t('track.sent'));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setSending(false);
    }
  };
  const finished = ['rejected', 'duplicate', 'accepted'].includes(data.state);
  return (
    <Card title={data.title} extra={<ReportStateTag state={data.state} />} data-testid="tracking-result">
      <Steps
        current={stepOf(data.state)}
        status={data.state === 'rejected' ? 'error' : data.state === 'needs_info' ? 'wait' : finished ? 'finish' : 'process'}
        responsive
        items={[
          { title: t('track.stepReceived') },
          { title: data.state === 'needs_info' ? t('reportState.needs_info') : t('track.stepTriage') },
          { title: finished ? t(`reportState.${data.state}` as 'reportState.accepted') : t('track.stepDecision') },
        ]}
        style={{ marginBottom: 24 }}
      />
      <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
        <Descriptions.Item label={t('track.id')}>{data.tracking_id}</Descriptions.Item>
        <Descriptions.Item label={t('field.state')}>
          <span data-testid="tracking-state">
            <ReportStateTag state={data.state} />
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('field.receivedAt')}>{fmtTime(data.received_at)}</Descriptions.Item>
        <Descriptions.Item label={t('field.updatedAt')}>{fmtTime(data.updated_at)}</Descriptions.Item>
        {data.case && (
          <Descriptions.Item label={t('track.case')} span={2}>
            <Space>
              <Tag>{data.case.ref}</Tag>
              <span data-testid="tracking-case-state">
                <CaseStateTag state={data.case.state} />
              </span>
            </Space>
          </Descriptions.Item>
        )}
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('track.messages')}
      </Typography.Title>
      {data.messages.length === 0 ? (
        <Empty description={t('track.noMessages')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <List
          dataSource={data.messages}
          renderItem={(m) => (
            <List.Item>
              <List.Item.Meta
                title={
                  <Space>
                    <Tag color={m.from_finder ? 'blue' : 'green'}>{m.from_finder ? t('track.you') : t('track.team')}</Tag>
                    <Typography.Text type="secondary">{fmtTime(m.created_at)}</Typography.Text>
                  </Space>
                }
                description={<Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{m.body}</Typography.Paragraph>}
              />
            </List.Item>
          )}
        />
      )}
      <Form layout="vertical" style={{ marginTop: 16 }} onFinish={send}>
        <Form.Item label={t('track.reply')} htmlFor="track-reply">
          <Input.TextArea id="track-reply" value={reply} onChange={(e) => setReply(e.target.value)} autoSize={{ minRows: 3 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={sending} disabled={!reply.trim()}>
          {t('track.send')}
        </Button>
      </Form>
    </Card>
  );
}
