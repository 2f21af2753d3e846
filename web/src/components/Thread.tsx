import { useState } from 'react';
import { Button, Empty, Form, Input, List, Select, Space, Tag, Typography, Timeline } from 'antd';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh-CN';
import type { Message, TimelineEntry } from '../api/types';
import { fmtTime } from '../lib/time';

// Views meant for a finder name people by role; translate those roles.
const roleKeys: Record<string, MessageKey> = { coordinator: 'thread.coordinator', provider: 'thread.provider', finder: 'thread.finder' };

const visColors: Record<string, string> = { coordinators: 'default', provider: 'blue', finder: 'green', all: 'purple' };

export function MessageThread({
  messages,
  visibilities,
  onSend,
  defaultVisibility,
}: {
  messages: Message[];
  visibilities: string[];
  onSend?: (visibility: string, body: string) => Promise<void>;
  defaultVisibility?: string;
}) {
  const { t, td } = useI18n();
  // A finder's view names staff by role only ("coordinator", "provider").
  const authorLabel = (m: Message) => {
    if (m.from_finder) return t('thread.finder');
    const name = m.author_name || m.author;
    if (!name) return t('thread.unknown');
    return roleKeys[name] ? t(roleKeys[name]) : name;
  };
  const [body, setBody] = useState('');
  const [vis, setVis] = useState(defaultVisibility ?? visibilities[0]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <div data-testid="thread">
      {messages.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('thread.empty')} />
      ) : (
        <List
          dataSource={messages}
          renderItem={(m) => (
            <List.Item>
              <List.Item.Meta
                title={
                  <Space wrap>
                    <Typography.Text strong>{authorLabel(m)}</Typography.Text>
                    {m.visibility && <Tag color={visColors[m.visibility]}>{td('visibility', m.visibility)}</Tag>}
                    <Typography.Text type="secondary">{fmtTime(m.created_at)}</Typography.Text>
                  </Space>
                }
                description={<Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0, color: 'rgba(0,0,0,.85)' }}>{m.body}</Typography.Paragraph>}
              />
            </List.Item>
          )}
        />
      )}
      {onSend && (
        <Form
          layout="vertical"
          style={{ marginTop: 16 }}
          onFinish={async () => {
            if (!body.trim()) return;
            setBusy(true);
            setError(undefined);
            try {
              await onSend(vis, body);
              setBody('');
            } catch (e) {
              setError(e instanceof Error ? e.message : String(e));
            } finally {
              setBusy(false);
            }
          }}
        >
          <Form.Item label={t('thread.new')} htmlFor="thread-body" validateStatus={error ? 'error' : undefined} help={error}>
            <Input.TextArea id="thread-body" value={body} onChange={(e) => setBody(e.target.value)} autoSize={{ minRows: 3 }} />
          </Form.Item>
          <Space wrap>
            <Form.Item label={t('thread.visibility')} htmlFor="thread-vis" style={{ marginBottom: 0 }} layout="horizontal">
              <Select
                id="thread-vis"
                value={vis}
                onChange={setVis}
                style={{ width: 200 }}
                options={visibilities.map((v) => ({ value: v, label: td('visibility', v) }))}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} disabled={!body.trim()}>
              {t('action.send')}
            </Button>
          </Space>
        </Form>
      )}
    </div>
  );
}

export function CaseTimeline({ entries }: { entries: TimelineEntry[] }) {
  const { t, td } = useI18n();
  if (!entries.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('empty.noData')} />;
  return (
    <Timeline
      data-testid="timeline"
      items={entries.map((e) => ({
        key: e.id,
        color: e.kind === 'transition' ? 'blue' : 'gray',
        children: (
          <div>
            <Space wrap>
              <Typography.Text strong>{td('timeline', e.kind)}</Typography.Text>
              {e.from || e.to ? (
                <Typography.Text>
                  {td('anyState', e.from)} → {td('anyState', e.to)}
                </Typography.Text>
              ) : null}
            </Space>
            <div>
              <Typography.Text type="secondary">
                {fmtTime(e.at)} · {(() => { const a = e.actor_name || e.actor; return !a ? t('thread.system') : roleKeys[a] ? t(roleKeys[a]) : a; })()}
              </Typography.Text>
            </div>
            {e.reason && <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{e.reason}</Typography.Paragraph>}
          </div>
        ),
      }))}
    />
  );
}
