// Reports: the monthly complaint statistics (C12) with charts, the month's penalties (P10–P14),
// the technician and supervisor daily reports (S10–S12) with the branch manager's sign-off; each
// with its CSV download and print view where the API renders one.
import { DownloadOutlined, PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, DatePicker, Descriptions, Empty, Row, Space, Spin, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { hasRole, may } from '../access';
import { api, download, openPrintView, unwrap, unwrapJson } from '../api/client';
import { ErrorAlert, useErrorText } from '../components/ErrorAlert';
import { UserPicker } from '../components/UserPicker';
import { companyToday, formatInstant, formatMinutes, formatMoney, previousMonth } from '../format';
import { useSession } from '../session';

const MonthlyCharts = lazy(() => import('./MonthlyCharts'));

function FileButtons({ url, name, html }: { url: string; name: string; html?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const sep = url.includes('?') ? '&' : '?';
  return (
    <Space>
      <Button icon={<DownloadOutlined />} onClick={() => download(`${url}${sep}format=csv`, `${name}.csv`).catch((e: unknown) => message.error(errorText(e)))}>
        {t('reports.csv')}
      </Button>
      {html && (
        <Button icon={<PrinterOutlined />} onClick={() => openPrintView(`${url}${sep}format=html`).catch((e: unknown) => message.error(errorText(e)))}>
          {t('reports.print')}
        </Button>
      )}
    </Space>
  );
}

function Monthly() {
  const { t } = useTranslation();
  const { me, lang } = useSession();
  const queryClient = useQueryClient();
  const [month, setMonth] = useState(previousMonth());
  const report = useQuery({ queryKey: ['monthly', month], queryFn: () => unwrapJson(api.GET('/api/v1/reports/complaints/monthly', { params: { query: { month } } })), retry: false });
  const compile = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/reports/complaints/monthly', { params: { query: { month } } } as never)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['monthly', month] }),
  });
  const r = report.data?.report;
  return (
    <div>
      <Space wrap style={{ marginBottom: 16 }}>
        <DatePicker aria-label={t('field.month')} picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(d) => d && setMonth(d.format('YYYY-MM'))} />
        <FileButtons url={`/api/v1/reports/complaints/monthly?month=${month}`} name={`complaints-${month}`} html />
        {may(me, 'POST /api/v1/reports/complaints/monthly') && (
          <Button icon={<ReloadOutlined />} loading={compile.isPending} onClick={() => compile.mutate()}>
            {t('reports.compile')}
          </Button>
        )}
        {report.data?.provisional && <Tag color="orange">{t('reports.provisional')}</Tag>}
      </Space>
      {compile.error && <ErrorAlert error={compile.error} />}
      {report.error && <ErrorAlert error={report.error} />}
      {report.isLoading && <Spin />}
      {r && (
        <>
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col span={4}><Statistic title={t('reports.closed')} value={r.totals.closed} /></Col>
            <Col span={4}><Statistic title={t('reports.ourFault')} value={r.totals.ourFault} /></Col>
            <Col span={4}><Statistic title={t('reports.notEstablished')} value={r.totals.notEstablished} /></Col>
            <Col span={4}><Statistic title={t('reports.withdrawn')} value={r.totals.withdrawn} /></Col>
            <Col span={8}><Statistic title={t('reports.lossAtClosing')} value={formatMoney(r.totals.lossAtClosing, lang)} /></Col>
          </Row>
          <Suspense fallback={<Spin />}>
            <MonthlyCharts report={r} />
          </Suspense>
          <Card size="small" title={t('reports.responsibility')} style={{ marginTop: 16 }}>
            <Table
              size="small"
              rowKey="department"
              pagination={false}
              dataSource={r.responsibility}
              columns={[
                { title: t('field.department'), dataIndex: 'department' },
                { title: t('reports.cases'), dataIndex: 'cases' },
                { title: t('reports.averageRatio'), dataIndex: 'averageRatio' },
                { title: t('reports.loss'), dataIndex: 'loss', render: (v: string) => formatMoney(v, lang) },
                { title: t('reports.lossShare'), dataIndex: 'lossShare' },
              ]}
            />
          </Card>
        </>
      )}
    </div>
  );
}

function Penalties() {
  const { t } = useTranslation();
  const { lang } = useSession();
  const [month, setMonth] = useState(previousMonth());
  const report = useQuery({ queryKey: ['penalties', month], queryFn: () => unwrapJson(api.GET('/api/v1/penalties', { params: { query: { month } } })) });
  return (
    <div>
      <Space wrap style={{ marginBottom: 16 }}>
        <DatePicker aria-label={t('field.month')} picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(d) => d && setMonth(d.format('YYYY-MM'))} />
        <FileButtons url={`/api/v1/penalties?month=${month}`} name={`penalties-${month}`} html />
      </Space>
      {report.error && <ErrorAlert error={report.error} />}
      <Table
        size="small"
        rowKey={(c) => `${c.caseId}:${c.personId}:${c.ground}`}
        loading={report.isLoading}
        dataSource={report.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={t('reports.noPenalties')} /> }}
        columns={[
          { title: t('field.number'), dataIndex: 'caseNumber' },
          { title: t('field.person'), dataIndex: 'personName' },
          { title: t('reports.chargedTo'), dataIndex: 'chargedTo' },
          { title: t('field.ground'), dataIndex: 'ground', render: (v: string) => t(`enum.${v}`) },
          { title: t('field.level'), dataIndex: 'level', render: (v: string) => t(`enum.${v}`) },
          { title: t('reports.charge'), dataIndex: 'charge', render: (v: string) => formatMoney(v, lang) },
        ]}
      />
    </div>
  );
}

function TechnicianDaily() {
  const { t } = useTranslation();
  const { me } = useSession();
  const [date, setDate] = useState(companyToday());
  const own = hasRole(me, 'technician');
  const [technicianId, setTechnicianId] = useState<string | undefined>(own ? me?.id : undefined);
  const report = useQuery({
    queryKey: ['technician-daily', date, technicianId],
    enabled: !!technicianId,
    queryFn: () => unwrapJson(api.GET('/api/v1/reports/technician-daily', { params: { query: { date, technicianId: technicianId! } } })),
  });
  const r = report.data;
  return (
    <div>
      <Space wrap style={{ marginBottom: 16 }}>
        <DatePicker aria-label={t('field.date')} allowClear={false} value={dayjs(date)} onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))} />
        {!own && <UserPicker role="technician" value={technicianId} onChange={(v) => setTechnicianId(v as string)} />}
        {technicianId && <FileButtons url={`/api/v1/reports/technician-daily?date=${date}&technicianId=${technicianId}`} name={`technician-${date}`} />}
      </Space>
      {report.error && <ErrorAlert error={report.error} />}
      {r && (
        <>
          <Descriptions size="small" bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('serviceCall.technician')}>{r.technician.name}</Descriptions.Item>
            {(['A', 'B', 'C', 'D'] as const).map((k) => (
              <Descriptions.Item key={k} label={t(`category.${k}`)}>{formatMinutes(r.totals[k])}</Descriptions.Item>
            ))}
          </Descriptions>
          <Table
            size="small"
            rowKey="at"
            pagination={false}
            dataSource={r.entries}
            columns={[
              { title: t('board.category'), dataIndex: 'category', render: (v: string) => t(`category.${v}`) },
              { title: t('reports.minutes'), dataIndex: 'minutes', render: (v: number) => formatMinutes(v) },
              { title: t('reports.job'), dataIndex: 'action', render: (v: string) => t(`action.${v}`) },
              { title: t('field.description'), dataIndex: 'description' },
            ]}
          />
        </>
      )}
    </div>
  );
}

function SupervisorDaily() {
  const { t } = useTranslation();
  const { me, lang } = useSession();
  const queryClient = useQueryClient();
  const [date, setDate] = useState(companyToday());
  const report = useQuery({ queryKey: ['supervisor-daily', date], queryFn: () => unwrapJson(api.GET('/api/v1/reports/supervisor-daily', { params: { query: { date } } })) });
  const act = useMutation({
    mutationFn: (what: 'sign' | 'forward') =>
      what === 'sign'
        ? unwrap(api.POST('/api/v1/reports/supervisor-daily/{date}/sign', { params: { path: { date } } } as never))
        : unwrap(api.POST('/api/v1/reports/supervisor-daily/{date}/forward', { params: { path: { date } } } as never)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['supervisor-daily', date] }),
  });
  const r = report.data;
  const manager = may(me, 'POST /api/v1/reports/supervisor-daily/{date}/sign');
  return (
    <div>
      <Space wrap style={{ marginBottom: 16 }}>
        <DatePicker aria-label={t('field.date')} allowClear={false} value={dayjs(date)} onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))} />
        <FileButtons url={`/api/v1/reports/supervisor-daily?date=${date}`} name={`supervisor-${date}`} />
        {manager && r?.signoff.status === 'unsigned' && (
          <Button type="primary" loading={act.isPending} onClick={() => act.mutate('sign')}>
            {t('reports.sign')}
          </Button>
        )}
        {manager && r?.signoff.status === 'signed' && (
          <Button type="primary" loading={act.isPending} onClick={() => act.mutate('forward')}>
            {t('reports.forward')}
          </Button>
        )}
      </Space>
      {act.error && <ErrorAlert error={act.error} />}
      {report.error && <ErrorAlert error={report.error} />}
      {r && (
        <>
          <Typography.Paragraph>
            <Tag color={r.signoff.status === 'unsigned' ? 'default' : 'green'}>{t(`signoff.${r.signoff.status}`)}</Tag>
            {r.signoff.signedBy && t('reports.signedBy', { name: r.signoff.signedBy, at: formatInstant(r.signoff.signedAt, lang) })}
          </Typography.Paragraph>
          <Table
            size="small"
            rowKey={(x) => x.technician.id}
            pagination={false}
            dataSource={r.technicians}
            columns={[
              { title: t('serviceCall.technician'), key: 'n', render: (_, x) => x.technician.name },
              { title: t('reports.jobs'), dataIndex: 'jobs' },
              ...(['A', 'B', 'C', 'D'] as const).map((k) => ({ title: t(`category.${k}`), dataIndex: k, render: (v: number) => formatMinutes(v) })),
              { title: t('reports.total'), dataIndex: 'total', render: (v: number) => formatMinutes(v) },
            ]}
          />
        </>
      )}
    </div>
  );
}

export default function Reports() {
  const { t } = useTranslation();
  const { me } = useSession();
  const navigate = useNavigate();
  const { '*': tab } = useParams();
  const tabs = [
    { key: 'monthly', label: t('reports.monthly'), show: may(me, 'GET /api/v1/reports/complaints/monthly'), children: <Monthly /> },
    { key: 'penalties', label: t('reports.penalties'), show: may(me, 'GET /api/v1/accountability'), children: <Penalties /> },
    { key: 'technician', label: t('reports.technicianDaily'), show: may(me, 'GET /api/v1/reports/technician-daily'), children: <TechnicianDaily /> },
    { key: 'supervisor', label: t('reports.supervisorDaily'), show: may(me, 'GET /api/v1/reports/supervisor-daily'), children: <SupervisorDaily /> },
  ].filter((x) => x.show);
  const active = tabs.find((x) => x.key === tab)?.key ?? tabs[0]?.key;
  return (
    <div>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {t('nav.reports')}
      </Typography.Title>
      <Tabs activeKey={active} onChange={(k) => navigate(`/reports/${k}`)} items={tabs.map(({ show: _s, ...x }) => x)} destroyOnHidden />
    </div>
  );
}
