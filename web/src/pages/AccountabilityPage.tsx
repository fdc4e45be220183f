// A closed case's accountability: the loss and its allocation by responsibility (P9, P12), the
// proposal and the GM's decision (P2), the resale (P8), the charges (P13) and their notices.
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Descriptions, Row, Space, Spin, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api, unwrap } from '../api/client';
import { ActionPanel, CaseNotices, Value } from '../components/CaseParts';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatInstant, formatMoney } from '../format';
import { useSession } from '../session';

export default function AccountabilityPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { me, lang } = useSession();
  const record = useQuery({ queryKey: ['accountability', id], queryFn: () => unwrap(api.GET('/api/v1/accountability/{id}', { params: { path: { id } } })), refetchInterval: 10_000 });
  if (record.error) return <ErrorAlert error={record.error} />;
  if (!record.data || !me) return <Spin />;
  const a = record.data;
  const actions = a.awaiting.filter((w) => w.roles.some((r) => me.roles.includes(r))).map((w, i) => ({ action: w.action, primary: i === 0, danger: w.action === 'reject' }));
  return (
    <div data-testid="accountability-page">
      <Space align="center" style={{ marginBottom: 12 }}>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
          {t('accountability.title', { number: a.caseNumber ?? a.caseId.slice(0, 8) })}
        </Typography.Title>
        <Tag>{t(`accountabilityStatus.${a.status}`)}</Tag>
        <Link to={`/complaints/${a.caseId}`}>{t('accountability.openComplaint')}</Link>
      </Space>
      <Descriptions size="small" bordered column={{ xs: 1, lg: 3 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('field.customer')}>{a.customer}</Descriptions.Item>
        <Descriptions.Item label={t('accountability.loss')}>{formatMoney(a.loss.fixed ?? a.loss.atClosing, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('accountability.reviewDue')}>{formatInstant(a.reviewDueAt, lang)}</Descriptions.Item>
      </Descriptions>
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <ActionPanel
            route="POST /api/v1/accountability/{id}/actions"
            actions={actions}
            submit={(body) => unwrap(api.POST('/api/v1/accountability/{id}/actions', { params: { path: { id } }, body: body as never }))}
            invalidate={[['accountability', id]]}
          />
          <Card size="small" title={t('accountability.allocations')} style={{ marginBottom: 16 }}>
            <Table
              size="small"
              rowKey="entry"
              pagination={false}
              dataSource={a.allocations}
              columns={[
                { title: '#', dataIndex: 'entry' },
                { title: t('field.department'), dataIndex: 'department' },
                { title: t('field.person'), dataIndex: 'person', render: (v: string | null) => v ?? '—' },
                { title: t('field.ratio'), dataIndex: 'ratio' },
                { title: t('field.amount'), dataIndex: 'amount', render: (v: string) => formatMoney(v, lang) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('accountability.record')} style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={1} bordered>
              {(['proposal', 'decision', 'rejections', 'resale', 'publication', 'settlement', 'notices'] as const)
                .filter((k) => a[k] !== null && !(Array.isArray(a[k]) && (a[k] as unknown[]).length === 0))
                .map((k) => (
                  <Descriptions.Item key={k} label={t(`field.${k}`)}>
                    <Value value={a[k]} lang={lang} />
                  </Descriptions.Item>
                ))}
            </Descriptions>
          </Card>
          <CaseNotices caseId={id} />
        </Col>
      </Row>
    </div>
  );
}
