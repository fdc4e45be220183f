// The auditor's screen: the append-only audit log, searchable, and any case's full history with
// its replay verdict (G4: the recorded history replayed against the current code).
import { CheckCircleTwoTone, CloseCircleTwoTone } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Descriptions, Form, Input, Row, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../api/client';
import { type HistoryEventLike, HistoryTimeline } from '../components/CaseParts';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatInstant } from '../format';
import { useSession } from '../session';

type Entry = Schemas['AuditEntry'];
type CaseKind = 'complaint' | 'service-call';

interface Filter {
  actorId?: string;
  objectId?: string;
  objectType?: string;
  action?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

function CaseReview({ kind, id }: { kind: CaseKind; id: string }) {
  const { t } = useTranslation();
  const history = useQuery({
    queryKey: ['audit-history', kind, id],
    queryFn: async (): Promise<HistoryEventLike[]> =>
      kind === 'complaint'
        ? (await unwrap(api.GET('/api/v1/complaints/{id}/history', { params: { path: { id } } }))).events
        : (await unwrap(api.GET('/api/v1/service-calls/{id}/history', { params: { path: { id } } }))).events,
  });
  const replay = useQuery({
    queryKey: ['audit-replay', kind, id],
    queryFn: (): Promise<Schemas['ReplayResult']> =>
      kind === 'complaint'
        ? unwrap(api.GET('/api/v1/complaints/{id}/replay', { params: { path: { id } } }))
        : unwrap(api.GET('/api/v1/service-calls/{id}/replay', { params: { path: { id } } })),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const stageLabel = (s: string) => t(kind === 'complaint' ? `stage.complaint.${s}` : `stage.serviceCall.${s}`, { defaultValue: s });
  const r = replay.data;
  return (
    <Row gutter={16}>
      <Col xs={24} xl={10}>
        <Card size="small" title={t('audit.replay')} style={{ marginBottom: 16 }} data-testid="replay-verdict">
          {replay.isLoading && (
            <Space>
              <Spin size="small" /> {t('audit.replaying')}
            </Space>
          )}
          {replay.error && <ErrorAlert error={replay.error} />}
          {r && (
            <>
              <Alert
                type={r.ok ? 'success' : 'error'}
                showIcon
                icon={r.ok ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <CloseCircleTwoTone twoToneColor="#cf1322" />}
                title={r.ok ? t('audit.replayOk', { count: r.eventCount }) : t('audit.replayFailed')}
                description={r.error}
                style={{ marginBottom: 12 }}
              />
              <Descriptions size="small" column={1} bordered>
                <Descriptions.Item label={t('audit.determinism')}>
                  <Value ok={r.determinism.ok} />
                </Descriptions.Item>
                <Descriptions.Item label={t('audit.dataCheck')}>
                  <Value ok={r.data.ok} />
                </Descriptions.Item>
              </Descriptions>
            </>
          )}
          <div style={{ marginTop: 12 }}>
            <Link to={kind === 'complaint' ? `/complaints/${id}` : `/service-calls/${id}`}>{t('audit.openCase')}</Link>
          </div>
        </Card>
      </Col>
      <Col xs={24} xl={14}>
        {history.error ? <ErrorAlert error={history.error} /> : <HistoryTimeline events={history.data ?? []} stageLabel={stageLabel} />}
      </Col>
    </Row>
  );
}

function Value({ ok }: { ok: boolean }) {
  const { t } = useTranslation();
  return <Tag color={ok ? 'green' : 'red'}>{ok ? t('audit.passed') : t('audit.failed')}</Tag>;
}

export default function Audit() {
  const { t } = useTranslation();
  const { lang } = useSession();
  const [params, setParams] = useSearchParams();
  const [filter, setFilter] = useState<Filter>({});
  const [cursor, setCursor] = useState<string | undefined>();
  const reviewKind = (params.get('kind') as CaseKind | null) ?? 'complaint';
  const reviewId = params.get('case');
  const query = {
    actorId: filter.actorId || undefined,
    objectId: filter.objectId || undefined,
    objectType: filter.objectType || undefined,
    action: filter.action || undefined,
    from: filter.range?.[0]?.toISOString(),
    to: filter.range?.[1]?.toISOString(),
    limit: 100,
    cursor,
  };
  const log = useQuery({ queryKey: ['audit', query], queryFn: () => unwrap(api.GET('/api/v1/audit', { params: { query } })) });

  return (
    <div>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {t('nav.audit')}
      </Typography.Title>
      <Card size="small" title={t('audit.caseReview')} style={{ marginBottom: 16 }}>
        <Form layout="inline" initialValues={{ kind: reviewKind, id: reviewId ?? '' }} onFinish={(v: { kind: CaseKind; id: string }) => setParams({ kind: v.kind, case: v.id.trim() })}>
          <Form.Item name="kind" label={t('audit.caseType')}>
            <Select style={{ width: 140 }} options={[{ value: 'complaint', label: t('caseType.complaint') }, { value: 'service-call', label: t('caseType.service_call') }]} />
          </Form.Item>
          <Form.Item name="id" label={t('audit.caseId')} rules={[{ required: true, message: t('form.required') }]}>
            <Input style={{ width: 340 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('audit.review')}
          </Button>
        </Form>
      </Card>
      {reviewId && <CaseReview key={`${reviewKind}:${reviewId}`} kind={reviewKind} id={reviewId} />}
      <Card size="small" title={t('audit.log')}>
        <Form layout="inline" style={{ marginBottom: 12, rowGap: 8 }} onFinish={(v: Filter) => { setCursor(undefined); setFilter(v); }}>
          <Form.Item name="objectType" label={t('audit.objectType')}>
            <Select allowClear style={{ width: 160 }} options={['complaints', 'service-calls', 'contracts', 'accountability', 'users', 'reports'].map((v) => ({ value: v, label: v }))} />
          </Form.Item>
          <Form.Item name="objectId" label={t('audit.objectId')}>
            <Input style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="actorId" label={t('audit.actorId')}>
            <Input style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="action" label={t('audit.action')}>
            <Input style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="range" label={t('audit.period')}>
            <DatePicker.RangePicker showTime />
          </Form.Item>
          <Button htmlType="submit">{t('audit.search')}</Button>
        </Form>
        {log.error && <ErrorAlert error={log.error} />}
        <Table<Entry>
          rowKey="id"
          size="small"
          loading={log.isLoading}
          dataSource={log.data?.items ?? []}
          pagination={false}
          scroll={{ x: true }}
          columns={[
            { title: t('audit.at'), dataIndex: 'at', render: (v: string) => formatInstant(v, lang) },
            { title: t('audit.actorId'), key: 'actor', render: (_, e) => (e.actorId ? <span title={e.actorId}>{e.actorId.slice(0, 8)} · {(e.actorRoles ?? []).map((r) => t(`role.${r}`)).join('、')}</span> : '—') },
            { title: t('audit.request'), key: 'req', render: (_, e) => `${e.method} ${e.path}` },
            { title: t('audit.action'), dataIndex: 'action' },
            { title: t('audit.status'), dataIndex: 'status', render: (v: number, e) => <Tag color={v < 400 ? 'green' : 'red'}>{v}{e.errorCode ? ` ${e.errorCode}` : ''}</Tag> },
            {
              title: '',
              key: 'open',
              render: (_, e) =>
                e.objectId && (e.objectType === 'complaints' || e.objectType === 'service-calls') ? (
                  <Button size="small" type="link" onClick={() => setParams({ kind: e.objectType === 'complaints' ? 'complaint' : 'service-call', case: e.objectId! })}>
                    {t('audit.review')}
                  </Button>
                ) : null,
            },
          ]}
        />
        {log.data?.nextCursor && (
          <Button style={{ marginTop: 12 }} onClick={() => setCursor(log.data?.nextCursor ?? undefined)}>
            {t('list.more')}
          </Button>
        )}
      </Card>
    </div>
  );
}
