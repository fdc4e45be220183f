// The service board: calls waiting for dispatch with their arrival deadlines (priority first,
// S13, S14), each technician's open calls, and carry-in repairs with their promised times (S9).
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, List, Row, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatInstant, formatRelative } from '../format';
import { useSession } from '../session';

type ServiceCall = Schemas['ServiceCall'];

const due = (c: ServiceCall) => (c.dueAt ? Date.parse(c.dueAt) : Number.POSITIVE_INFINITY);

export default function ServiceBoard() {
  const { t } = useTranslation();
  const { lang } = useSession();
  const calls = useQuery({
    queryKey: ['service-calls', 'open'],
    queryFn: () => unwrap(api.GET('/api/v1/service-calls', { params: { query: { status: 'open', limit: 200 } } })),
    refetchInterval: 10_000,
  });
  const open = calls.data?.items ?? [];
  const waiting = open.filter((c) => c.stage === 'dispatch').sort((a, b) => Number(!!b.priority) - Number(!!a.priority) || due(a) - due(b));
  const carryIn = open.filter((c) => ['repair', 'inspection', 'return'].includes(c.stage)).sort((a, b) => due(a) - due(b));
  const byTechnician = new Map<string, ServiceCall[]>();
  for (const c of open) if (c.technician) byTechnician.set(c.technician.name, [...(byTechnician.get(c.technician.name) ?? []), c]);
  const stageTag = (c: ServiceCall) => <Tag color={c.overdue ? 'red' : 'geekblue'}>{t(`stage.serviceCall.${c.stage}`)}</Tag>;
  const when = (iso: string | null | undefined, late: boolean) =>
    iso ? (
      <Typography.Text type={late ? 'danger' : undefined}>
        {formatInstant(iso, lang)} <Typography.Text type="secondary">({formatRelative(iso, lang)})</Typography.Text>
      </Typography.Text>
    ) : (
      '—'
    );

  return (
    <div>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {t('board.title')}
      </Typography.Title>
      {calls.error && <ErrorAlert error={calls.error} />}
      <Card size="small" title={t('board.waiting', { count: waiting.length })} style={{ marginBottom: 16 }} data-testid="board-waiting">
        <Table<ServiceCall>
          rowKey="id"
          size="small"
          loading={calls.isLoading}
          dataSource={waiting}
          pagination={false}
          locale={{ emptyText: <Empty description={t('board.noneWaiting')} /> }}
          columns={[
            { title: t('board.call'), key: 'n', render: (_, c) => <Link to={`/service-calls/${c.id}`}>{c.number}</Link> },
            { title: t('field.customer'), key: 'c', render: (_, c) => c.customer.name },
            { title: t('field.productModel'), dataIndex: 'productModel' },
            { title: t('field.area'), dataIndex: 'area', render: (v: string) => t(`enum.${v}`) },
            { title: t('board.category'), dataIndex: 'category', render: (v: string) => t(`category.${v}`) },
            { title: t('serviceCall.arrivalDue'), key: 'due', render: (_, c) => when(c.arrivalDueAt, c.overdue) },
            { title: '', key: 'p', render: (_, c) => (c.priority ? <Tag color="volcano">{t('inbox.priority')}</Tag> : c.overdue ? <Tag color="red">{t('inbox.overdue')}</Tag> : null) },
          ]}
        />
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('board.technicians')} style={{ marginBottom: 16 }}>
            {byTechnician.size === 0 ? (
              <Empty description={t('board.noneAssigned')} />
            ) : (
              [...byTechnician.entries()].map(([name, list]) => (
                <div key={name} style={{ marginBottom: 12 }}>
                  <Typography.Text strong>{name}</Typography.Text>
                  <List
                    size="small"
                    dataSource={list}
                    renderItem={(c) => (
                      <List.Item>
                        <Link to={`/service-calls/${c.id}`}>{c.number}</Link> {stageTag(c)} {c.customer.name} · {when(c.dueAt, c.overdue)}
                      </List.Item>
                    )}
                  />
                </div>
              ))
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('board.carryIn')} style={{ marginBottom: 16 }}>
            <List
              size="small"
              dataSource={carryIn}
              locale={{ emptyText: t('board.noCarryIn') }}
              renderItem={(c) => (
                <List.Item>
                  <Link to={`/service-calls/${c.id}`}>{c.number}</Link> {stageTag(c)} {c.productModel} · {t('serviceCall.promisedBy')}: {when(c.carryIn?.promisedBy, c.overdue)}
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
