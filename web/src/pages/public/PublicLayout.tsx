import { Layout, Menu, Space, Typography, Button, Grid, Dropdown } from 'antd';
import { MenuOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { LangSwitch } from '../../components/LangSwitch';
import { usePublicInfo } from '../../lib/publicInfo';
import { useAuth } from '../../auth';
import { utcOffsetLabel, viewerZone } from '../../lib/time';

export function PublicLayout() {
  const { t } = useI18n();
  const info = usePublicInfo();
  const loc = useLocation();
  const nav = useNavigate();
  const { user } = useAuth();
  const screens = Grid.useBreakpoint();
  const narrow = screens.md === false;
  const items = [
    { key: '/', label: <Link to="/">{t('nav.home')}</Link> },
    { key: '/rules', label: <Link to="/rules">{t('nav.rules')}</Link> },
    { key: '/submit', label: <Link to="/submit">{t('nav.submit')}</Link> },
    { key: '/track', label: <Link to="/track">{t('nav.track')}</Link> },
    { key: '/advisories', label: <Link to="/advisories">{t('nav.advisories')}</Link> },
    { key: '/rewards', label: <Link to="/rewards">{t('nav.rewards')}</Link> },
  ];
  const selected = items.map((i) => i.key).filter((k) => (k === '/' ? loc.pathname === '/' : loc.pathname.startsWith(k)));
  const name = info?.platform_name || t('app.name');
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{ display: 'flex', alignItems: 'center', gap: 16, padding: narrow ? '0 12px' : '0 32px', background: '#001529' }}
      >
        <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 8, color: '#fff', whiteSpace: 'nowrap' }}>
          <SafetyCertificateOutlined style={{ fontSize: 22, color: '#1677ff' }} />
          <span style={{ fontWeight: 600, fontSize: narrow ? 15 : 17 }}>{name}</span>
        </Link>
        {narrow ? (
          <div style={{ flex: 1 }} />
        ) : (
          <Menu theme="dark" mode="horizontal" selectedKeys={selected} items={items} style={{ flex: 1, minWidth: 0 }} />
        )}
        <Space size={4}>
          <LangSwitch dark />
          {narrow ? (
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  ...items.map((i) => ({ key: i.key, label: i.label })),
                  { key: 'console', label: <Link to={user ? '/console' : '/login'}>{user ? t('nav.console') : t('nav.signIn')}</Link> },
                ],
              }}
            >
              <Button type="text" icon={<MenuOutlined />} style={{ color: '#fff' }} aria-label={t('nav.menu')} />
            </Dropdown>
          ) : (
            <Button type="primary" ghost icon={<UserOutlined />} onClick={() => nav(user ? '/console' : '/login')}>
              {user ? t('nav.console') : t('nav.signIn')}
            </Button>
          )}
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: narrow ? 12 : '24px 32px', maxWidth: 1200, width: '100%', margin: '0 auto' }}>
        <Outlet />
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center', color: '#888' }}>
        <Space direction="vertical" size={2}>
          <Typography.Text type="secondary" data-testid="filing-number">
            {t('home.filing')}: {info?.filing_number || t('home.filingPending')}
          </Typography.Text>
          <Typography.Text type="secondary">
            {name} · {t('footer.zone', { zone: viewerZone(), offset: utcOffsetLabel() })}
          </Typography.Text>
        </Space>
      </Layout.Footer>
    </Layout>
  );
}
