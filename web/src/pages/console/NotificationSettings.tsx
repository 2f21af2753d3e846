import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, Form, Radio, Row, Select, Skeleton, Space, Switch, Typography } from 'antd';
import { useI18n } from '../../i18n';
import { api, ApiError } from '../../api/client';
import type { NotificationPrefs } from '../../api/types';
import { useAsync } from '../../lib/useAsync';
import { ErrorState } from '../../components/ErrorState';
import { GRADES, NOTIFY_EVENTS } from '../../lib/exchange';

interface PrefsForm {
  email: boolean;
  scope: 'all' | 'some';
  events: string[];
  min_grade?: string;
  mode: 'immediate' | 'digest';
  language: 'zh-CN' | 'en-US' | 'both';
}

function toForm(p: NotificationPrefs): PrefsForm {
  return {
    email: p.email,
    scope: p.events.length ? 'some' : 'all',
    events: p.events,
    min_grade: p.min_grade ?? undefined,
    mode: p.mode,
    language: p.language,
  };
}

/** The signed-in user's own notification preferences (GET/PUT /api/v1/me/notifications). */
export function NotificationSettings() {
  const { t, td } = useI18n();
  const { message } = App.useApp();
  const prefs = useAsync(() => api.get<NotificationPrefs>('/api/v1/me/notifications'), []);
  const [form] = Form.useForm<PrefsForm>();
  const [busy, setBusy] = useState(false);
  const scope = Form.useWatch('scope', form);
  const email = Form.useWatch('email', form);
  if (prefs.loading && !prefs.data) return <Skeleton active />;
  if (prefs.error) return <ErrorState error={prefs.error} onRetry={prefs.reload} />;
  const save = async (v: PrefsForm) => {
    setBusy(true);
    try {
      // PUT replaces the preferences: no min_grade means any grade (the server refuses an explicit null).
      const saved = await api.put<NotificationPrefs>('/api/v1/me/notifications', {
        email: v.email,
        events: v.scope === 'all' ? [] : v.events,
        ...(v.min_grade ? { min_grade: v.min_grade } : {}),
        mode: v.mode,
        language: v.language,
      });
      prefs.setData(saved);
      form.setFieldsValue(toForm(saved));
      message.success(t('prefs.saved'));
    } catch (e) {
      if (e instanceof ApiError && e.fields.length)
        form.setFields(e.fields.map((f) => ({ name: f.field.replace(/\[.*$/, '') as keyof PrefsForm, errors: [f.message] })));
      else message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('nav.notifications')}
      </Typography.Title>
      <Alert type="info" showIcon message={t('prefs.intro')} />
      <Card>
        <Form form={form} layout="vertical" name="prefs" initialValues={toForm(prefs.data!)} onFinish={save} data-testid="prefs-form">
          <Form.Item name="email" label={t('prefs.email')} valuePropName="checked" extra={t('prefs.emailHint')}>
            <Switch data-testid="prefs-email" />
          </Form.Item>
          <Form.Item name="scope" label={t('prefs.events')}>
            <Radio.Group disabled={!email}>
              <Radio value="all" data-testid="prefs-all-events">{t('prefs.allEvents')}</Radio>
              <Radio value="some" data-testid="prefs-some-events">{t('prefs.someEvents')}</Radio>
            </Radio.Group>
          </Form.Item>
          {scope === 'some' && (
            <Form.Item
              name="events"
              rules={email ? [{ required: true, type: 'array', min: 1, message: t('prefs.pickOne') }] : []}
              style={{ marginTop: -8 }}
            >
              <Checkbox.Group disabled={!email} style={{ width: '100%' }}>
                <Row gutter={[16, 8]}>
                  {NOTIFY_EVENTS.map((ev) => (
                    <Col key={ev} xs={24} md={12} xl={8}>
                      <Checkbox value={ev} data-testid={`prefs-event-${ev}`}>
                        {td('event', ev)} <Typography.Text type="secondary" code style={{ fontSize: 11 }}>{ev}</Typography.Text>
                      </Checkbox>
                    </Col>
                  ))}
                </Row>
              </Checkbox.Group>
            </Form.Item>
          )}
          <Row gutter={24}>
            <Col xs={24} md={8}>
              <Form.Item name="min_grade" label={t('prefs.minGrade')} extra={t('prefs.minGradeHint')}>
                <Select
                  allowClear
                  disabled={!email}
                  placeholder={t('prefs.anyGrade')}
                  options={GRADES.map((g) => ({ value: g, label: t('prefs.gradeAndAbove', { grade: td('grade', g) }) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="mode" label={t('prefs.mode')}>
                <Radio.Group disabled={!email}>
                  <Radio value="immediate" data-testid="prefs-immediate">{t('prefs.immediate')}</Radio>
                  <Radio value="digest" data-testid="prefs-digest">{t('prefs.digest')}</Radio>
                </Radio.Group>
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="language" label={t('prefs.language')}>
                <Radio.Group disabled={!email}>
                  <Radio value="zh-CN" data-testid="prefs-lang-zh">{t('prefs.lang.zh-CN')}</Radio>
                  <Radio value="en-US" data-testid="prefs-lang-en">{t('prefs.lang.en-US')}</Radio>
                  <Radio value="both" data-testid="prefs-lang-both">{t('prefs.lang.both')}</Radio>
                </Radio.Group>
              </Form.Item>
            </Col>
          </Row>
          <Typography.Paragraph type="secondary">{t('prefs.overdueNote')}</Typography.Paragraph>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="prefs-save">
            {t('action.save')}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
