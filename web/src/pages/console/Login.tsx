import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useI18n } from '../../i18n';
import { useAuth } from '../../auth';
import { LangSwitch } from '../../components/LangSwitch';
import { errorText } from '../../components/ErrorState';
import { usePublicInfo } from '../../lib/publicInfo';

export function Login() {
  const { t } = useI18n();
  const { user, ready, signIn } = useAuth();
  const [params] = useSearchParams();
  const nav = useNavigate();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // Set once the password was right and the account has a second factor: the code step.
  const [pending, setPending] = useState<{ username: string; password: string }>();
  const info = usePublicInfo();
  const next = params.get('next');
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/console';
  if (ready && user) return <Navigate to={target} replace />;
  const attempt = async (username: string, password: string, code?: string) => {
    setBusy(true);
    setError(undefined);
    try {
      await signIn(username, password, code);
      nav(target, { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'second_factor_required') setPending({ username, password });
      else setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const onFinish = (v: { username: string; password: string }) => attempt(v.username, v.password);
  const onCode = (v: { code: string }) => pending && attempt(pending.username, pending.password, v.code.trim());
  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(180deg, #f0f5ff 0%, #f5f5f5 100%)',
        padding: 16,
      }}
    >
      <div style={{ position: 'absolute', top: 12, right: 16 }}>
        <LangSwitch />
      </div>
      <Space direction="vertical" align="center" style={{ marginBottom: 24 }}>
        <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 10 }}>
          <SafetyCertificateOutlined style={{ fontSize: 36, color: '#1677ff' }} />
          <Typography.Title level={2} style={{ margin: 0 }}>
            {info?.platform_name || t('app.name')}
          </Typography.Title>
        </Link>
        <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
      </Space>
      <Card style={{ width: '100%', maxWidth: 380 }} title={t('login.title')}>
        {pending ? (
          <Form name="login-code" layout="vertical" onFinish={onCode} requiredMark={false}>
            <Typography.Paragraph type="secondary">{t('login.codeHelp')}</Typography.Paragraph>
            <Form.Item name="code" label={t('login.code')} rules={[{ required: true, message: t('validation.required') }]}>
              <Input autoComplete="one-time-code" autoFocus data-testid="login-code" />
            </Form.Item>
            {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
            <Space direction="vertical" style={{ width: '100%' }}>
              <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-code-submit">
                {t('login.submit')}
              </Button>
              <Button type="link" block onClick={() => { setPending(undefined); setError(undefined); }}>
                {t('login.back')}
              </Button>
            </Space>
          </Form>
        ) : (
        <Form name="login" layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
        )}
      </Card>
      <Space direction="vertical" align="center" style={{ marginTop: 16 }}>
        <Link to="/submit">{t('login.anonHint')}</Link>
        <Link to="/register">{t('register.link')}</Link>
      </Space>
    </div>
  );
}
