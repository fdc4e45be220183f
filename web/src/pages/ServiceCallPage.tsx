// A service call: summary, stage path with the arrival or promised time, the actions this person
// may take now (the assigned technician, the supervisor, the clerk), its timeline and notices.
import { useQuery } from '@tanstack/react-query';
import { Col, Row, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../api/client';
import { type ActionChoice, ActionPanel, CaseNotices, HistoryTimeline, StagePath, Summary, Value } from '../components/CaseParts';
import { ErrorAlert } from '../components/ErrorAlert';
import { UserPicker } from '../components/UserPicker';
import { formatDate, formatInstant, formatMinutes } from '../format';
import type { Me } from '../access';
import { useSession } from '../session';
import { StatusTag } from './StatusTag';

type ServiceCall = Schemas['ServiceCall'];

export function serviceCallActionsFor(c: ServiceCall, me: Me): ActionChoice[] {
  const a = c.awaiting;
  if (c.status !== 'open' || !a) return [];
  return a.actions
    .filter((action) => {
      const roles = action === 'dispatch' ? ['service_supervisor'] : action === 'return' ? ['technician', 'clerk'] : a.roles;
      return roles.some((r) => {
        if (!me.roles.includes(r)) return false;
        return r !== 'technician' || c.technician?.id === me.id;
      });
    })
    .map((action, i) => ({ action, primary: i === 0 }));
}

export function serviceCallPath(c: ServiceCall): string[] {
  const carried = c.carryIn !== null || ['repair', 'inspection', 'return'].includes(c.stage);
  return carried ? ['dispatch', 'arrival', 'on_site', 'repair', 'inspection', 'return', 'closed'] : ['dispatch', 'arrival', 'on_site', 'closed'];
}

export default function ServiceCallPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { me, lang } = useSession();
  const call = useQuery({
    queryKey: ['service-call', id],
    queryFn: () => unwrap(api.GET('/api/v1/service-calls/{id}', { params: { path: { id } } })),
    refetchInterval: 10_000,
  });
  const history = useQuery({
    queryKey: ['service-call', id, 'history'],
    queryFn: () => unwrap(api.GET('/api/v1/service-calls/{id}/history', { params: { path: { id } } })),
    refetchInterval: 10_000,
  });
  if (call.error) return <ErrorAlert error={call.error} />;
  if (!call.data || !me) return <Spin />;
  const c = call.data;
  const stageLabel = (s: string) => t(`stage.serviceCall.${s}`, { defaultValue: s });
  return (
    <div data-testid="service-call-page">
      <Space align="center" wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
          {t('serviceCall.title', { number: c.number })}
        </Typography.Title>
        <StatusTag status={c.status} />
        <Tag color="geekblue" data-testid="service-call-stage">{stageLabel(c.stage)}</Tag>
        <Tag>{t(`category.${c.category}`)}</Tag>
        {c.overdue && <Tag color="red">{t('inbox.overdue')}</Tag>}
        {c.priority && <Tag color="volcano">{t('inbox.priority')}</Tag>}
      </Space>
      <Summary
        items={[
          [t('field.customer'), <Value key="c" value={c.customer} lang={lang} />],
          [t('field.productModel'), `${c.productModel}${c.serialNo ? ` · ${c.serialNo}` : ''}`],
          [t('field.area'), t(`enum.${c.area}`)],
          [t('field.description'), c.description],
          [t('serviceCall.registered'), `${c.registeredBy.name} · ${formatInstant(c.registeredAt, lang)}`],
          [t('serviceCall.arrivalDue'), formatInstant(c.arrivalDueAt, lang)],
          [t('serviceCall.technician'), c.technician?.name ?? '—'],
          [t('serviceCall.promisedBy'), formatInstant(c.carryIn?.promisedBy, lang)],
          [t('serviceCall.workTime'), formatMinutes(c.workMinutes)],
          [t('field.warrantyUntil'), formatDate(c.warrantyUntil, lang)],
        ]}
      />
      <StagePath path={serviceCallPath(c)} current={c.stage} stageLabel={stageLabel} stageDueAt={c.dueAt} overdue={c.overdue} finished={c.status !== 'open'} />
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <ActionPanel
            route="POST /api/v1/service-calls/{id}/actions"
            actions={serviceCallActionsFor(c, me)}
            submit={(body) => unwrap(api.POST('/api/v1/service-calls/{id}/actions', { params: { path: { id } }, body: body as never }))}
            invalidate={[['service-call', id], ['service-calls']]}
            widgets={{ technicianId: (p) => <UserPicker role="technician" {...p} /> }}
          />
        </Col>
        <Col xs={24} xl={10}>
          {history.error ? <ErrorAlert error={history.error} /> : <HistoryTimeline events={history.data?.events ?? []} stageLabel={stageLabel} />}
          <CaseNotices caseId={id} />
        </Col>
      </Row>
    </div>
  );
}
