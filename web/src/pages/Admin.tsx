// Administration: people and their roles (the access token is shown once), and stand-ins (G7):
// who decides in a decider's name for a period.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { may } from '../access';
import { api, unwrap, type Schemas } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { UserPicker } from '../components/UserPicker';
import { formatDate } from '../format';
import { useSession } from '../session';

type Role = Schemas['Role'];
const ROLES = ['admin', 'clerk', 'service_supervisor', 'technician', 'service_dept', 'branch_manager', 'accounting', 'warehouse', 'hr', 'sales', 'sales_manager', 'gm_office', 'qa', 'manufacturing', 'manager_office', 'rnd', 'vp', 'gm', 'auditor'] as const satisfies readonly Role[];

function NewUser() {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [created, setCreated] = useState<Schemas['UserWithToken'] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const queryClient = useQueryClient();
  const submit = async (v: { name: string; roles: Role[]; login?: string; password?: string; email?: string }) => {
    setError(null);
    try {
      const body = { name: v.name, roles: v.roles, ...(v.login ? { login: v.login, password: v.password } : {}), ...(v.email ? { email: v.email } : {}) };
      setCreated(await unwrap(api.POST('/api/v1/users', { body, headers: { 'Idempotency-Key': crypto.randomUUID() } })));
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: ['users'] });
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Card size="small" title={t('admin.newUser')} style={{ marginBottom: 16 }}>
      {error !== null && <ErrorAlert error={error} />}
      {created && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('admin.created', { name: created.name })}
          description={
            <span>
              {t('admin.tokenOnce')} <Typography.Text code copyable data-testid="new-token">{created.token}</Typography.Text>
              <br />
              {t('admin.userId')} <Typography.Text code copyable>{created.id}</Typography.Text>
            </span>
          }
        />
      )}
      <Form form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 560 }}>
        <Form.Item name="name" label={t('field.name')} rules={[{ required: true, message: t('form.required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="roles" label={t('field.roles')} rules={[{ required: true, message: t('form.required') }]}>
          <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        </Form.Item>
        <Form.Item name="login" label={t('signIn.login')} extra={t('admin.loginHelp')}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="password" label={t('admin.firstPassword')} extra={t('password.rule')} dependencies={['login']} rules={[({ getFieldValue }) => ({ required: !!getFieldValue('login'), min: 10, message: t('password.rule') })]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="email" label={t('field.email')} rules={[{ type: 'email', message: t('admin.badEmail') }]}>
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('admin.create')}
        </Button>
      </Form>
    </Card>
  );
}

function StandIns() {
  const { t } = useTranslation();
  const { me, lang } = useSession();
  const queryClient = useQueryClient();
  const admin = may(me, 'POST /api/v1/users');
  const [userId, setUserId] = useState(me?.id ?? '');
  const [error, setError] = useState<unknown>(null);
  const list = useQuery({
    queryKey: ['stand-ins', userId],
    enabled: /^[0-9a-f-]{36}$/i.test(userId),
    queryFn: () => unwrap(api.GET('/api/v1/users/{id}/stand-ins', { params: { path: { id: userId } } })),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['stand-ins', userId] });
  const add = async (v: { standInId: string; period: [Dayjs, Dayjs] }) => {
    setError(null);
    try {
      await unwrap(api.POST('/api/v1/users/{id}/stand-ins', { params: { path: { id: userId } }, body: { standInId: v.standInId, from: v.period[0].format('YYYY-MM-DD'), to: v.period[1].format('YYYY-MM-DD') } }));
      await refresh();
    } catch (err) {
      setError(err);
    }
  };
  const end = async (standInId: string) => {
    setError(null);
    try {
      await unwrap(api.DELETE('/api/v1/users/{id}/stand-ins/{standInId}', { params: { path: { id: userId, standInId } } }));
      await refresh();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Card size="small" title={t('admin.standIns')}>
      <Typography.Paragraph type="secondary">{t('admin.standInsHelp')}</Typography.Paragraph>
      {admin && (
        <Space style={{ marginBottom: 12 }}>
          <span>{t('admin.standInsOf')}</span>
          <UserPicker label={t('admin.standInsOf')} value={userId} onChange={(v) => setUserId(String(v ?? ''))} />
        </Space>
      )}
      {error !== null && <ErrorAlert error={error} />}
      {list.error && <ErrorAlert error={list.error} />}
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={list.data?.items ?? []}
        columns={[
          { title: t('admin.standIn'), key: 's', render: (_, s) => s.standIn.name },
          { title: t('admin.from'), dataIndex: 'from', render: (v: string) => formatDate(v, lang) },
          { title: t('admin.to'), dataIndex: 'to', render: (v: string) => formatDate(v, lang) },
          { title: t('admin.ended'), dataIndex: 'endedAt', render: (v: string | null) => (v ? formatDate(v.slice(0, 10), lang) : '—') },
          { title: '', key: 'end', render: (_, s) => (!s.endedAt ? <Button size="small" danger onClick={() => void end(s.standIn.id)}>{t('admin.end')}</Button> : null) },
        ]}
        style={{ marginBottom: 16 }}
      />
      <Form layout="inline" onFinish={add}>
        <Form.Item name="standInId" label={t('admin.standIn')} rules={[{ required: true, message: t('form.required') }]}>
          <UserPicker />
        </Form.Item>
        <Form.Item name="period" label={t('admin.period')} rules={[{ required: true, message: t('form.required') }]}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('admin.addStandIn')}
        </Button>
      </Form>
    </Card>
  );
}

type Account = Schemas['UserAccount'];

function Users() {
  const { t } = useTranslation();
  const { me } = useSession();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<Account | null>(null);
  const [resetting, setResetting] = useState<Account | null>(null);
  const [error, setError] = useState<unknown>(null);
  const users = useQuery({ queryKey: ['users', 'list'], queryFn: () => unwrap(api.GET('/api/v1/users', { params: { query: { limit: 200 } } })) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['users'] });
  const change = async (id: string, body: Schemas['UserChange']) => {
    setError(null);
    try {
      await unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body }));
      setEditing(null);
      await refresh();
      message.success(t('admin.saved'));
    } catch (err) {
      setError(err);
    }
  };
  const reset = async (id: string, v: { password: string; login?: string }) => {
    setError(null);
    try {
      await unwrap(api.PUT('/api/v1/users/{id}/password', { params: { path: { id } }, body: { password: v.password, ...(v.login ? { login: v.login } : {}) } }));
      setResetting(null);
      await refresh();
      message.success(t('admin.passwordReset'));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Card size="small" title={t('admin.users')} style={{ marginBottom: 16 }}>
      {error !== null && <ErrorAlert error={error} />}
      {users.error && <ErrorAlert error={users.error} />}
      <Table<Account>
        size="small"
        rowKey="id"
        loading={users.isLoading}
        dataSource={users.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('field.name'), dataIndex: 'name', render: (v: string, u) => (u.disabled ? <Typography.Text delete>{v}</Typography.Text> : v) },
          { title: t('signIn.login'), dataIndex: 'login', render: (v: string | null) => v ?? '—' },
          { title: t('field.roles'), dataIndex: 'roles', render: (v: string[]) => v.map((r) => <Tag key={r}>{t(`role.${r}`)}</Tag>) },
          { title: t('field.email'), dataIndex: 'email', render: (v: string | null) => v ?? '—' },
          { title: t('field.status'), key: 'status', render: (_, u) => (u.disabled ? <Tag>{t('admin.disabled')}</Tag> : u.mustChangePassword ? <Tag color="orange">{t('admin.mustChange')}</Tag> : <Tag color="green">{t('admin.active')}</Tag>) },
          {
            title: '',
            key: 'do',
            render: (_, u) => (
              <Space>
                <Button size="small" onClick={() => setEditing(u)}>
                  {t('admin.edit')}
                </Button>
                <Button size="small" onClick={() => setResetting(u)}>
                  {t('admin.resetPassword')}
                </Button>
                {u.id !== me?.id && (
                  <Button size="small" danger={!u.disabled} onClick={() => void change(u.id, { disabled: !u.disabled })}>
                    {u.disabled ? t('admin.enable') : t('admin.disable')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal open={editing !== null} title={t('admin.edit')} footer={null} onCancel={() => setEditing(null)} destroyOnHidden>
        {editing && (
          <Form layout="vertical" initialValues={{ name: editing.name, roles: editing.roles, email: editing.email ?? '' }} onFinish={(v: { name: string; roles: Role[]; email: string }) => void change(editing.id, { name: v.name, roles: v.roles, email: v.email.trim() ? v.email.trim() : null })}>
            <Form.Item name="name" label={t('field.name')} rules={[{ required: true, message: t('form.required') }]}>
              <Input />
            </Form.Item>
            <Form.Item name="roles" label={t('field.roles')} rules={[{ required: true, message: t('form.required') }]}>
              <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
            </Form.Item>
            <Form.Item name="email" label={t('field.email')} rules={[{ type: 'email', message: t('admin.badEmail') }]}>
              <Input />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              {t('admin.save')}
            </Button>
          </Form>
        )}
      </Modal>
      <Modal open={resetting !== null} title={t('admin.resetPasswordOf', { name: resetting?.name ?? '' })} footer={null} onCancel={() => setResetting(null)} destroyOnHidden>
        {resetting && (
          <Form layout="vertical" onFinish={(v: { password: string; login?: string }) => void reset(resetting.id, v)}>
            {!resetting.login && (
              <Form.Item name="login" label={t('signIn.login')} rules={[{ required: true, message: t('form.required') }]}>
                <Input autoComplete="off" />
              </Form.Item>
            )}
            <Form.Item name="password" label={t('password.new')} extra={t('admin.resetHelp')} rules={[{ required: true, min: 10, message: t('password.rule') }]}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              {t('admin.resetPassword')}
            </Button>
          </Form>
        )}
      </Modal>
    </Card>
  );
}

export default function Admin() {
  const { t } = useTranslation();
  const { me } = useSession();
  return (
    <div>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {may(me, 'POST /api/v1/users') ? t('nav.admin') : t('nav.standIns')}
      </Typography.Title>
      {may(me, 'GET /api/v1/users') && <Users />}
      {may(me, 'POST /api/v1/users') && <NewUser />}
      <StandIns />
    </div>
  );
}
