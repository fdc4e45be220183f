// Closed cases and their accountability (P1–P15): what waits for a proposal, an approval, a resale,
// a publication.
import { useQuery } from '@tanstack/react-query';
import { Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatInstant, formatMoney } from '../format';
import { useSession } from '../session';

type Accountability = Schemas['Accountability'];
const STATUSES = ['awaiting_proposal', 'awaiting_approval', 'resale_window', 'settling', 'settled', 'not_our_fault'] as const satisfies readonly Accountability['status'][];

export default function AccountabilityList() {
  const { t } = useTranslation();
  const { lang } = useSession();
  const [status, setStatus] = useState<Accountability['status'] | undefined>();
  const list = useQuery({ queryKey: ['accountability', status], queryFn: () => unwrap(api.GET('/api/v1/accountability', { params: { query: { status, limit: 200 } } })), refetchInterval: 15_000 });
  return (
    <div>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {t('nav.accountability')}
      </Typography.Title>
      <Space style={{ marginBottom: 16 }}>
        <Select aria-label={t('field.status')} allowClear placeholder={t('field.status')} value={status} onChange={setStatus} options={STATUSES.map((s) => ({ value: s, label: t(`accountabilityStatus.${s}`) }))} style={{ width: 180 }} />
      </Space>
      {list.error && <ErrorAlert error={list.error} />}
      <Table<Accountability>
        rowKey="caseId"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        columns={[
          { title: t('field.number'), key: 'n', render: (_, a) => <Link to={`/accountability/${a.caseId}`}>{a.caseNumber ?? a.caseId.slice(0, 8)}</Link> },
          { title: t('field.customer'), dataIndex: 'customer' },
          { title: t('field.status'), dataIndex: 'status', render: (v: string) => <Tag>{t(`accountabilityStatus.${v}`)}</Tag> },
          { title: t('accountability.loss'), key: 'l', render: (_, a) => formatMoney(a.loss.fixed ?? a.loss.atClosing, lang) },
          { title: t('accountability.reviewDue'), dataIndex: 'reviewDueAt', render: (v: string | null) => formatInstant(v, lang) },
          { title: t('complaint.closedAt'), dataIndex: 'closedAt', render: (v: string) => formatInstant(v, lang) },
        ]}
      />
    </div>
  );
}
