// The frame of every screen: the menu of what this person may do, the inbox count, the language
// switch and signing out.
import {
  AuditOutlined,
  BarChartOutlined,
  FileAddOutlined,
  FileProtectOutlined,
  InboxOutlined,
  LogoutOutlined,
  ProfileOutlined,
  SolutionOutlined,
  TeamOutlined,
  ToolOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { Badge, Button, Layout, Menu, Space, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { may } from '../access';
import { useTasks } from '../hooks';
import { useSession } from '../session';
import { LanguageSwitch } from './LanguageSwitch';
import { MailSetting } from './MailSetting';
import { PasswordChange } from './PasswordChange';

export function Shell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { me, signOut } = useSession();
  const location = useLocation();
  const tasks = useTasks();
  const open = tasks.data?.items.length ?? 0;
  const overdue = tasks.data?.items.filter((x) => x.overdue).length ?? 0;

  const items = [
    { key: '/inbox', icon: <InboxOutlined />, label: <Link to="/inbox">{t('nav.inbox')}</Link>, show: true },
    { key: '/complaints', icon: <ProfileOutlined />, label: <Link to="/complaints">{t('nav.complaints')}</Link>, show: may(me, 'GET /api/v1/complaints') },
    { key: '/complaints/new', icon: <FileAddOutlined />, label: <Link to="/complaints/new">{t('nav.newComplaint')}</Link>, show: may(me, 'POST /api/v1/complaints') },
    { key: '/anomaly-reports/new', icon: <WarningOutlined />, label: <Link to="/anomaly-reports/new">{t('nav.newAnomaly')}</Link>, show: may(me, 'POST /api/v1/anomaly-reports') },
    { key: '/service-board', icon: <ToolOutlined />, label: <Link to="/service-board">{t('nav.serviceBoard')}</Link>, show: may(me, 'GET /api/v1/service-calls') },
    { key: '/service-calls/new', icon: <FileAddOutlined />, label: <Link to="/service-calls/new">{t('nav.newServiceCall')}</Link>, show: may(me, 'POST /api/v1/service-calls') },
    { key: '/contracts', icon: <FileProtectOutlined />, label: <Link to="/contracts">{t('nav.contracts')}</Link>, show: may(me, 'GET /api/v1/contracts') },
    { key: '/accountability', icon: <SolutionOutlined />, label: <Link to="/accountability">{t('nav.accountability')}</Link>, show: may(me, 'GET /api/v1/accountability') },
    {
      key: '/reports',
      icon: <BarChartOutlined />,
      label: <Link to="/reports">{t('nav.reports')}</Link>,
      show: may(me, 'GET /api/v1/reports/complaints/monthly') || may(me, 'GET /api/v1/reports/technician-daily') || may(me, 'GET /api/v1/reports/supervisor-daily'),
    },
    { key: '/audit', icon: <AuditOutlined />, label: <Link to="/audit">{t('nav.audit')}</Link>, show: may(me, 'GET /api/v1/audit') },
    {
      key: '/admin',
      icon: <TeamOutlined />,
      label: <Link to="/admin">{may(me, 'POST /api/v1/users') ? t('nav.admin') : t('nav.standIns')}</Link>,
      show: may(me, 'POST /api/v1/users') || may(me, 'POST /api/v1/users/{id}/stand-ins'),
    },
  ].filter((i) => i.show);
  const selected = items
    .map((i) => i.key)
    .filter((k) => location.pathname === k || location.pathname.startsWith(`${k}/`))
    .sort((a, b) => b.length - a.length)[0];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={208} theme="light" breakpoint="lg" collapsedWidth={0} style={{ borderRight: '1px solid #f0f0f0' }}>
        <div style={{ padding: '16px 20px', fontWeight: 600, fontSize: 16 }}>{t('app.title')}</div>
        <nav aria-label={t('nav.label')}>
          <Menu mode="inline" selectedKeys={selected ? [selected] : []} items={items.map(({ show: _show, ...i }) => i)} style={{ borderInlineEnd: 'none' }} />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 24px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', borderBottom: '1px solid #f0f0f0' }}>
          <Link to="/inbox" aria-label={t('inbox.countLabel', { count: open, overdue })} data-testid="inbox-count">
            <Space>
              <Badge count={open} showZero overflowCount={999} color={overdue > 0 ? '#cf1322' : '#1f5fbf'} />
              <span>{t('nav.inbox')}</span>
              {overdue > 0 && <Typography.Text type="danger">{t('inbox.overdueCount', { count: overdue })}</Typography.Text>}
            </Space>
          </Link>
          <Space size="middle">
            <LanguageSwitch />
            <Tooltip title={me?.roles.map((r) => t(`role.${r}`)).join('、')}>
              <span data-testid="me-name">{me?.name}</span>
            </Tooltip>
            <MailSetting />
            <Button size="small" icon={<LogoutOutlined />} onClick={() => void signOut()}>
              {t('app.signOut')}
            </Button>
          </Space>
        </Layout.Header>
        <PasswordChange open={!!me?.mustChangePassword} />
        <Layout.Content style={{ padding: 24 }}>
          <main>{children}</main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
