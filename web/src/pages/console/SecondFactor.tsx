// The signed-in user's own second factor (GET/POST /api/v1/me/second-factor...):
// enrolment shows the secret as text and as an otpauth:// URI (no QR code:
// no QR library is available to the console), a code from the app turns it
// on, and the 10 recovery codes are shown this once.
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, List, Radio, Skeleton, Space, Typography } from 'antd';
import { useI18n } from '../../i18n';
import { api } from '../../api/client';
import { useAsync } from '../../lib/useAsync';
import { useAuth } from '../../auth';
import { ErrorState, errorText } from '../../components/ErrorState';

interface Status {
  enabled: boolean;
  pending: boolean;
  recovery_codes_left: number;
  required: boolean;
}

interface Enrolment {
  secret: string;
  otpauth_uri: string;
}

export function SecondFactor() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { refresh } = useAuth();
  const status = useAsync(() => api.get<Status>('/api/v1/me/second-factor'), []);
  const [enrolment, setEnrolment] = useState<Enrolment>();
  const [codes, setCodes] = useState<string[]>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [removeWith, setRemoveWith] = useState<'code' | 'password'>('code');

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const start = () => run(async () => setEnrolment(await api.post<Enrolment>('/api/v1/me/second-factor/enrolment')));
  const confirm = (v: { code: string }) =>
    run(async () => {
      const r = await api.post<{ recovery_codes: string[] }>('/api/v1/me/second-factor/confirmation', { code: v.code.trim() });
      setEnrolment(undefined);
      setCodes(r.recovery_codes);
      status.reload();
    });
  const remove = (v: { code?: string; password?: string }) =>
    run(async () => {
      await api.post('/api/v1/me/second-factor/removal', removeWith === 'code' ? { code: v.code?.trim() } : { password: v.password });
      message.success(t('tfa.removed'));
      status.reload();
      await refresh();
    });
  // Leaving the recovery codes: the session may have been waiting for this enrolment.
  const done = async () => {
    setCodes(undefined);
    await refresh();
  };

  if (status.loading && !status.data) return <Skeleton active />;
  if (status.error) return <ErrorState error={status.error} onRetry={status.reload} />;
  const st = status.data!;
  return (
    <Card title={t('tfa.title')} style={{ maxWidth: 640 }}>
      <Space direction="vertical" style={{ width: '100%' }}>
        {st.required && !st.enabled && <div data-testid="tfa-required"><Alert type="warning" showIcon message={t('tfa.requiredNotice')} /></div>}
        {error && <Alert type="error" showIcon message={error} />}
        {codes ? (
          <>
            <Alert type="success" showIcon message={t('tfa.onNow')} description={t('tfa.codesOnce')} />
            <List
              bordered
              size="small"
              dataSource={codes}
              className="tfa-recovery-codes"
              renderItem={(c) => (
                <List.Item>
                  <Typography.Text code copyable>{c}</Typography.Text>
                </List.Item>
              )}
            />
            <Button type="primary" onClick={done} data-testid="tfa-codes-saved">{t('tfa.codesSaved')}</Button>
          </>
        ) : st.enabled ? (
          <>
            <div data-testid="tfa-on"><Alert type="success" showIcon message={t('tfa.isOn')} description={t('tfa.codesLeft', { n: st.recovery_codes_left })} /></div>
            <Typography.Title level={5}>{t('tfa.turnOff')}</Typography.Title>
            <Radio.Group value={removeWith} onChange={(e) => setRemoveWith(e.target.value)}>
              <Radio value="code">{t('tfa.withCode')}</Radio>
              <Radio value="password">{t('tfa.withPassword')}</Radio>
            </Radio.Group>
            <Form layout="inline" onFinish={remove}>
              {removeWith === 'code' ? (
                <Form.Item name="code" rules={[{ required: true, message: t('validation.required') }]}>
                  <Input placeholder={t('tfa.codePlaceholder')} autoComplete="one-time-code" />
                </Form.Item>
              ) : (
                <Form.Item name="password" rules={[{ required: true, message: t('validation.required') }]}>
                  <Input.Password placeholder={t('login.password')} autoComplete="current-password" />
                </Form.Item>
              )}
              <Button danger htmlType="submit" loading={busy} data-testid="tfa-remove">{t('tfa.turnOff')}</Button>
            </Form>
          </>
        ) : enrolment ? (
          <>
            <Typography.Paragraph>{t('tfa.scanOrType')}</Typography.Paragraph>
            <Typography.Text type="secondary">{t('tfa.secret')}</Typography.Text>
            <span data-testid="tfa-secret"><Typography.Text code copyable>{enrolment.secret}</Typography.Text></span>
            <Typography.Text type="secondary">{t('tfa.uri')}</Typography.Text>
            <span data-testid="tfa-uri"><Typography.Text code copyable style={{ wordBreak: 'break-all' }}>{enrolment.otpauth_uri}</Typography.Text></span>
            <Typography.Text type="secondary">{t('tfa.noQr')}</Typography.Text>
            <Form layout="inline" onFinish={confirm}>
              <Form.Item name="code" label={t('tfa.code')} rules={[{ required: true, message: t('validation.required') }]}>
                <Input inputMode="numeric" autoComplete="one-time-code" maxLength={7} data-testid="tfa-code" />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy} data-testid="tfa-confirm">{t('tfa.confirm')}</Button>
            </Form>
          </>
        ) : (
          <>
            <Typography.Paragraph>{t('tfa.explain')}</Typography.Paragraph>
            <Button type="primary" onClick={start} loading={busy} data-testid="tfa-start">{t('tfa.start')}</Button>
          </>
        )}
      </Space>
    </Card>
  );
}
