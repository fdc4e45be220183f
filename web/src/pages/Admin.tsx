// Administration: people and their roles (the access token is shown once), and stand-ins (G7):
// who decides in a decider's name for a period.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Form, Input, Select, Space, Table, Typography } from 'antd';
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
  const submit = async (v: { name: string; roles: Role[] }) => {
    setError(null);
    try {
      setCreated(await unwrap(api.POST('/api/v1/users', { body: { name: v.name, roles: v.roles }, headers: { 'Idempotency-Key': crypto.randomUUID() } })));
      form.resetFields();
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
          <UserPicker value={userId} onChange={(v) => setUserId(String(v ?? ''))} />
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

export default function Admin() {
  const { t } = useTranslation();
  const { me } = useSession();
  return (
    <div>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {may(me, 'POST /api/v1/users') ? t('nav.admin') : t('nav.standIns')}
      </Typography.Title>
      {may(me, 'POST /api/v1/users') && <NewUser />}
      <StandIns />
    </div>
  );
}
