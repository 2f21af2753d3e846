import { useState } from 'react';
import { Avatar, Breadcrumb, Button, Dropdown, Grid, Layout, Menu, Space, Typography } from 'antd';
import {
  AppstoreOutlined,
  CalendarOutlined,
  AuditOutlined,
  DashboardOutlined,
  FileProtectOutlined,
  GlobalOutlined,
  InboxOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
  ApartmentOutlined,
  FileSearchOutlined,
  HomeOutlined,
  FileTextOutlined,
  SendOutlined,
  BellOutlined,
  ApiOutlined,
  CloudServerOutlined,
  NodeIndexOutlined,
  BankOutlined,
  LineChartOutlined,
  ContainerOutlined,
  GiftOutlined,
  SolutionOutlined,
  ClusterOutlined,
  SafetyOutlined,
} from '@ant-design/icons';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { isAdmin, isAuditor, isStaff, useAuth } from '../../auth';
import { LangSwitch } from '../../components/LangSwitch';
import { usePublicInfo } from '../../lib/publicInfo';
import { utcOffsetLabel, viewerZone } from '../../lib/time';
import { canSeeDeliveries, isAuthorityUser } from '../../lib/exchange';
import { useOrgList } from './Admin';
import { operatorOrgs } from './Operator';

export function ConsoleLayout() {
  const { t, td } = useI18n();
  const { user, signOut } = useAuth();
  const loc = useLocation();
  const nav = useNavigate();
  const info = usePublicInfo();
  const screens = Grid.useBreakpoint();
  const [collapsed, setCollapsed] = useState(false);
  const admin = isAdmin(user);
  const auditor = isAuditor(user);
  const staff = isStaff(user);
  const platformAdmin = !!user?.platform_admin;
  // The platform filing is the host organisation's (id 1): its admins keep it, its auditors read it.
  const hostRoles = (user?.memberships ?? []).filter((m) => String(m.org_id) === '1').map((m) => m.role);
  const hostAdmin = platformAdmin || hostRoles.includes('admin');
  const hostAuditor = hostRoles.includes('auditor');
  // Authority pages: members of an authority organisation (the orgs list tells the types) and platform admins.
  const orgs = useOrgList();
  const authority = isAuthorityUser(user, orgs.data ?? []);
  const deliveries = canSeeDeliveries(user);
  const operator = operatorOrgs(orgs.data ?? [], user?.memberships).length > 0;
  const finderItems = [
    { key: '/console/my-reports', icon: <FileTextOutlined />, label: <Link to="/console/my-reports">{t('nav.myReports')}</Link> },
    { key: '/console/my-rewards', icon: <GiftOutlined />, label: <Link to="/console/my-rewards">{t('nav.myRewards')}</Link> },
    { key: '/submit', icon: <SendOutlined />, label: <Link to="/submit">{t('nav.submit')}</Link> },
  ];
  const staffItems = [
    { key: '/console', icon: <DashboardOutlined />, label: <Link to="/console">{t('nav.dashboard')}</Link> },
    { key: '/console/reports', icon: <InboxOutlined />, label: <Link to="/console/reports">{t('nav.inbox')}</Link> },
    { key: '/console/cases', icon: <FileProtectOutlined />, label: <Link to="/console/cases">{t('nav.cases')}</Link> },
    { key: '/console/products', icon: <AppstoreOutlined />, label: <Link to="/console/products">{t('nav.products')}</Link> },
    ...(operator
      ? [{ key: '/console/operator', icon: <ClusterOutlined />, label: <Link to="/console/operator" data-testid="nav-operator">{t('nav.operator')}</Link> }]
      : []),
    ...(deliveries
      ? [{ key: '/console/deliveries', icon: <CloudServerOutlined />, label: <Link to="/console/deliveries">{t('nav.deliveries')}</Link> }]
      : []),
    ...(authority
      ? [
          {
            key: 'authority',
            icon: <BankOutlined />,
            label: t('nav.authority'),
            children: [
              { key: '/console/authority', icon: <ContainerOutlined />, label: <Link to="/console/authority">{t('nav.authorityInbox')}</Link> },
              { key: '/console/authority/timeliness', icon: <LineChartOutlined />, label: <Link to="/console/authority/timeliness">{t('nav.timeliness')}</Link> },
            ],
          },
        ]
      : []),
    ...(admin || auditor
      ? [
          {
            key: 'admin',
            icon: <SettingOutlined />,
            label: t('nav.admin'),
            children: [
              ...(admin
                ? [
                    { key: '/console/admin/orgs', icon: <ApartmentOutlined />, label: <Link to="/console/admin/orgs">{t('nav.orgs')}</Link> },
                    { key: '/console/admin/users', icon: <TeamOutlined />, label: <Link to="/console/admin/users">{t('nav.users')}</Link> },
                    { key: '/console/admin/tokens', icon: <KeyOutlined />, label: <Link to="/console/admin/tokens">{t('nav.tokens')}</Link> },
                    { key: '/console/admin/policy', icon: <SettingOutlined />, label: <Link to="/console/admin/policy">{t('nav.policy')}</Link> },
                    { key: '/console/admin/blackouts', icon: <CalendarOutlined />, label: <Link to="/console/admin/blackouts">{t('nav.blackouts')}</Link> },
                    { key: '/console/admin/reward-policy', icon: <GiftOutlined />, label: <Link to="/console/admin/reward-policy">{t('nav.rewardPolicy')}</Link> },
                    { key: '/console/settings/webhooks', icon: <ApiOutlined />, label: <Link to="/console/settings/webhooks">{t('nav.webhooks')}</Link> },
                    ...(platformAdmin
                      ? [{ key: '/console/admin/peers', icon: <NodeIndexOutlined />, label: <Link to="/console/admin/peers">{t('nav.peers')}</Link> }]
                      : []),
                  ]
                : []),
              ...(hostAdmin || hostAuditor
                ? [{ key: '/console/admin/filing', icon: <SolutionOutlined />, label: <Link to="/console/admin/filing" data-testid="nav-filing">{t('nav.filing')}</Link> }]
                : []),
              { key: '/console/admin/receipts', icon: <AuditOutlined />, label: <Link to="/console/admin/receipts">{t('nav.receipts')}</Link> },
              { key: '/console/admin/access-log', icon: <FileSearchOutlined />, label: <Link to="/console/admin/access-log">{t('nav.accessLog')}</Link> },
            ],
          },
        ]
      : []),
  ];
  const items = staff ? staffItems : finderItems;
  const flat = items.flatMap((i) => ('children' in i && i.children ? i.children : [i])).map((i) => i.key);
  const selected = flat
    .filter((k) => (k === '/console' ? loc.pathname === '/console' || loc.pathname === '/console/' : loc.pathname.startsWith(k)))
    .slice(-1);
  const narrow = screens.lg === false; // unknown on the first render: assume wide, no collapse flicker
  const labels: Record<string, string> = {
    '/console/reports': t('nav.inbox'),
    '/console/my-reports': t('nav.myReports'),
    '/console/cases': t('nav.cases'),
    '/console/products': t('nav.products'),
    '/console/operator': t('nav.operator'),
    '/console/admin/orgs': t('nav.orgs'),
    '/console/admin/users': t('nav.users'),
    '/console/admin/tokens': t('nav.tokens'),
    '/console/admin/policy': t('nav.policy'),
    '/console/admin/reward-policy': t('nav.rewardPolicy'),
    '/console/admin/filing': t('nav.filing'),
    '/console/my-rewards': t('nav.myRewards'),
    '/console/admin/receipts': t('nav.receipts'),
    '/console/admin/access-log': t('nav.accessLog'),
    '/console/admin/peers': t('nav.peers'),
    '/console/admin/blackouts': t('nav.blackouts'),
    '/console/settings/notifications': t('nav.notifications'),
    '/console/settings/second-factor': t('nav.secondFactor'),
    '/console/settings/webhooks': t('nav.webhooks'),
    '/console/deliveries': t('nav.deliveries'),
    '/console/authority/timeliness': t('nav.timeliness'),
    '/console/authority': t('nav.authorityInbox'),
  };
  const section = Object.keys(labels).find((k) => loc.pathname.startsWith(k));
  const crumbs = [
    { title: <Link to={staff ? '/console' : '/console/my-reports'}><HomeOutlined /> {t('nav.console')}</Link> },
    ...(section ? [{ title: <Link to={section}>{labels[section]}</Link> }] : []),
  ];
  const roleText = user?.platform_admin
    ? t('role.platform_admin')
    : staff
      ? (user?.memberships ?? []).map((m) => td('role', m.role)).join(' / ')
      : t('role.finder');
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        collapsible
        collapsed={narrow || collapsed}
        trigger={null}
        width={240}
        breakpoint="lg"
      >
        <Link
          to={staff ? '/console' : '/console/my-reports'}
          style={{ display: 'flex', alignItems: 'center', gap: 8, height: 64, padding: '0 20px', color: '#fff', overflow: 'hidden', whiteSpace: 'nowrap' }}
        >
          <SafetyCertificateOutlined style={{ fontSize: 22, color: '#1677ff' }} />
          {!(narrow || collapsed) && <span style={{ fontWeight: 600, fontSize: 15, overflow: 'hidden', textOverflow: 'ellipsis' }} title={info?.platform_name}>{info?.platform_name || t('app.name')}</span>}
        </Link>
        <Menu theme="dark" mode="inline" selectedKeys={selected} defaultOpenKeys={['admin', 'authority']} items={items} />
      </Layout.Sider>
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header
          style={{
            background: '#fff',
            padding: '0 16px',
            display: 'flex',
            alignItems: 'center',
            gap: 12,
            boxShadow: '0 1px 4px rgba(0,21,41,.08)',
            position: 'sticky',
            top: 0,
            zIndex: 10,
          }}
        >
          {!narrow && (
            <Button
              type="text"
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              onClick={() => setCollapsed(!collapsed)}
              aria-label={t('nav.toggleMenu')}
            />
          )}
          <Breadcrumb items={crumbs} />
          <div style={{ flex: 1 }} />
          <Typography.Text type="secondary" style={{ display: narrow ? 'none' : undefined }} title={viewerZone()}>
            <GlobalOutlined /> {viewerZone()} ({utcOffsetLabel()})
          </Typography.Text>
          <Link to="/">{t('nav.portal')}</Link>
          <LangSwitch />
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'role', label: roleText || t('role.none'), disabled: true },
                { type: 'divider' },
                {
                  key: 'notifications',
                  icon: <BellOutlined />,
                  label: (
                    <Link to="/console/settings/notifications" data-testid="menu-notifications">
                      {t('nav.notifications')}
                    </Link>
                  ),
                },
                {
                  key: 'second-factor',
                  icon: <SafetyOutlined />,
                  label: (
                    <Link to="/console/settings/second-factor" data-testid="menu-second-factor">
                      {t('nav.secondFactor')}
                    </Link>
                  ),
                },
                { key: 'logout', icon: <LogoutOutlined />, label: t('nav.signOut') },
              ],
              onClick: async ({ key }) => {
                if (key === 'logout') {
                  await signOut();
                  nav('/login');
                }
              },
            }}
          >
            <Space style={{ cursor: 'pointer' }} data-testid="user-menu">
              <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1677ff' }} />
              <span>{user?.display_name || user?.username}</span>
            </Space>
          </Dropdown>
        </Layout.Header>
        <Layout.Content style={{ padding: narrow ? 12 : 24 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
