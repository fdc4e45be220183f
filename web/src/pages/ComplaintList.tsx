// Complaint cases, filtered by status, stage, month and overdue.
import { useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, unwrap, type paths, type Schemas } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatInstant } from '../format';
import { useSession } from '../session';
import { StatusTag } from './StatusTag';

type Complaint = Schemas['Complaint'];
type Query = NonNullable<paths['/api/v1/complaints']['get']['parameters']['query']>;

const STAGES = ['registration', 'analysis', 'countermeasure', 'review', 'rnd_review', 'check', 'supplier_coordination', 'proposal', 'consolidation', 'decision', 'customer_result', 'confirmation', 'closing', 'appeal', 'closed'] as const satisfies readonly Complaint['stage'][];
const STATUSES = ['open', 'closed', 'rejected', 'withdrawn'] as const satisfies readonly Complaint['status'][];

export default function ComplaintList() {
  const { t } = useTranslation();
  const { lang } = useSession();
  const [filter, setFilter] = useState<{ status?: Complaint['status']; stage?: Complaint['stage']; overdue?: boolean; month?: Dayjs | null }>({ status: 'open' });
  const [cursor, setCursor] = useState<string | undefined>();
  const query: Query = {
    status: filter.status,
    stage: filter.stage,
    overdue: filter.overdue ? 'true' : undefined,
    month: filter.month ? filter.month.format('YYYY-MM') : undefined,
    limit: 50,
    cursor,
  };
  const list = useQuery({ queryKey: ['complaints', query], queryFn: () => unwrap(api.GET('/api/v1/complaints', { params: { query } })), refetchInterval: 15_000 });
  return (
    <div>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {t('nav.complaints')}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select aria-label={t('field.status')} allowClear placeholder={t('field.status')} value={filter.status} onChange={(status) => { setCursor(undefined); setFilter({ ...filter, status }); }} options={STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} style={{ width: 140 }} />
        <Select aria-label={t('field.stage')} allowClear placeholder={t('field.stage')} value={filter.stage} onChange={(stage) => { setCursor(undefined); setFilter({ ...filter, stage }); }} options={STAGES.map((s) => ({ value: s, label: t(`stage.complaint.${s}`) }))} style={{ width: 160 }} />
        <DatePicker aria-label={t('field.month')} picker="month" value={filter.month} onChange={(month) => { setCursor(undefined); setFilter({ ...filter, month }); }} />
        <Select aria-label={t('inbox.overdue')} value={filter.overdue ? 'yes' : 'all'} onChange={(v) => { setCursor(undefined); setFilter({ ...filter, overdue: v === 'yes' }); }} options={[{ value: 'all', label: t('list.all') }, { value: 'yes', label: t('inbox.overdue') }]} style={{ width: 120 }} />
      </Space>
      {list.error && <ErrorAlert error={list.error} />}
      <Table<Complaint>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        columns={[
          { title: t('field.number'), key: 'n', render: (_, c) => <Link to={`/complaints/${c.id}`}>{c.number ?? t('complaint.unnumbered')}</Link> },
          { title: t('field.customer'), key: 'cu', render: (_, c) => c.customer.name },
          { title: t('field.partNo'), dataIndex: 'partNo' },
          { title: t('field.status'), dataIndex: 'status', render: (v: string) => <StatusTag status={v} /> },
          { title: t('field.stage'), key: 's', render: (_, c) => <Tag color={c.overdue ? 'red' : 'geekblue'}>{t(`stage.complaint.${c.stage}`)}</Tag> },
          { title: t('case.stageDueShort'), dataIndex: 'stageDueAt', render: (v: string | null) => formatInstant(v, lang) },
          { title: t('complaint.filed'), dataIndex: 'createdAt', render: (v: string) => formatInstant(v, lang) },
        ]}
      />
      {list.data?.nextCursor && (
        <Button style={{ marginTop: 12 }} onClick={() => setCursor(list.data?.nextCursor ?? undefined)}>
          {t('list.more')}
        </Button>
      )}
    </div>
  );
}
