// Maintenance contracts (S15).
import { useQuery } from '@tanstack/react-query';
import { Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatDate, formatMoney } from '../format';
import { useSession } from '../session';
import { StatusTag } from './StatusTag';

type Contract = Schemas['Contract'];

export default function ContractList() {
  const { t } = useTranslation();
  const { lang } = useSession();
  const [status, setStatus] = useState<Contract['status'] | undefined>('active');
  const list = useQuery({ queryKey: ['contracts', status], queryFn: () => unwrap(api.GET('/api/v1/contracts', { params: { query: { status, limit: 200 } } })) });
  return (
    <div>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {t('nav.contracts')}
      </Typography.Title>
      <Space style={{ marginBottom: 16 }}>
        <Select aria-label={t('field.status')} allowClear value={status} onChange={setStatus} options={(['active', 'expired'] as const).map((s) => ({ value: s, label: t(`status.${s}`) }))} style={{ width: 140 }} />
      </Space>
      {list.error && <ErrorAlert error={list.error} />}
      <Table<Contract>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        columns={[
          { title: t('field.number'), key: 'n', render: (_, c) => <Link to={`/contracts/${c.id}`}>{c.number}</Link> },
          { title: t('field.customer'), key: 'c', render: (_, c) => c.customer.name },
          { title: t('field.startsOn'), dataIndex: 'startsOn', render: (v: string) => formatDate(v, lang) },
          { title: t('field.endsOn'), dataIndex: 'endsOn', render: (v: string) => formatDate(v, lang) },
          { title: t('field.amount'), dataIndex: 'amount', render: (v: string) => formatMoney(v, lang) },
          { title: t('field.status'), dataIndex: 'status', render: (v: string) => <StatusTag status={v} /> },
        ]}
      />
    </div>
  );
}
