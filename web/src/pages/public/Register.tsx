import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Modal, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { api, ApiError } from '../../api/client';
import { useAuth } from '../../auth';

/** Finder self-registration: an account is optional; it links reports to the finder. */
export function Register() {
  const { t } = useI18n();
  const { signIn } = useAuth();
  const nav = useNavigate();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <Card style={{ maxWidth: 520, margin: '0 auto' }} title={<Typography.Title level={3} style={{ margin: 0 }}>{t('register.title')}</Typography.Title>}>
      <Typography.Paragraph type="secondary">{t('register.intro')}</Typography.Paragraph>
      <Form
        form={form}
        name="register"
        layout="vertical"
        onFinish={async (v) => {
          setBusy(true);
          setError(undefined);
          try {
            // The account's name is the one asked for plus 4 digits (sign-up never
            // tells whether a name is taken): say it before moving on.
            const u = await api.post<{ username: string }>('/api/v1/finders', v);
            await signIn(u.username, v.password);
            await new Promise<void>((resolve) =>
              Modal.success({ title: t('register.yourName'), content: <Typography.Text strong copyable data-testid="registered-username">{u.username}</Typography.Text>, onOk: () => resolve() }),
            );
            nav('/submit');
          } catch (e) {
            if (e instanceof ApiError && e.fields.length) form.setFields(e.fields.map((f) => ({ name: f.field, errors: [f.message] })));
            else setError(e instanceof Error ? e.message : String(e));
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item name="username" label={t('field.username')} rules={[{ required: true, message: t('validation.required') }]} extra={t('register.nameHint')}>
          <Input autoComplete="username" />
        </Form.Item>
        <Form.Item name="password" label={t('field.password')} rules={[{ required: true, message: t('validation.required') }, { min: 10, message: t('admin.passwordHint') }]} extra={t('admin.passwordHint')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="email" label={t('field.email')} rules={[{ required: true, message: t('validation.required') }]}>
          <Input type="email" autoComplete="email" />
        </Form.Item>
        <Form.Item name="display_name" label={t('field.displayName')}>
          <Input autoComplete="nickname" />
        </Form.Item>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" loading={busy} block>
          {t('register.submit')}
        </Button>
      </Form>
      <Typography.Paragraph style={{ marginTop: 16 }}>
        <Link to="/submit">{t('register.noAccount')}</Link>
      </Typography.Paragraph>
    </Card>
  );
}
