// A complaint case: its summary, stage path, the money at stake for the decider, the actions this
// person may take, its decisions explained, its timeline and notices.
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Descriptions, Row, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../api/client';
import { ActionPanel, CaseNotices, HistoryTimeline, StagePath, Summary, Value } from '../components/CaseParts';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatDate, formatInstant, formatMoney } from '../format';
import { useSession } from '../session';
import { complaintActionsFor, complaintPath } from './complaintActions';
import { StatusTag } from './StatusTag';

type Complaint = Schemas['Complaint'];

export default function ComplaintPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { me, lang } = useSession();
  const complaint = useQuery({
    queryKey: ['complaint', id],
    queryFn: () => unwrap(api.GET('/api/v1/complaints/{id}', { params: { path: { id } } })),
    refetchInterval: 10_000,
  });
  const history = useQuery({
    queryKey: ['complaint', id, 'history'],
    queryFn: () => unwrap(api.GET('/api/v1/complaints/{id}/history', { params: { path: { id } } })),
    refetchInterval: 10_000,
  });
  const decisions = useQuery({
    queryKey: ['complaint', id, 'decisions'],
    queryFn: () => unwrap(api.GET('/api/v1/complaints/{id}/decisions', { params: { path: { id } } })),
  });
  if (complaint.error) return <ErrorAlert error={complaint.error} />;
  if (!complaint.data || !me) return <Spin />;
  const c = complaint.data;
  const stageLabel = (s: string) => t(`stage.complaint.${s}`, { defaultValue: s });
  const actions = complaintActionsFor(c, me);
  const deciding = c.stage === 'decision' || actions.some((a) => a.action === 'decide' || a.action === 'consolidate');

  return (
    <div data-testid="complaint-page">
      <Space align="center" wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
          {t('complaint.title', { number: c.number ?? t('complaint.unnumbered') })}
        </Typography.Title>
        <StatusTag status={c.status} />
        <Tag color="geekblue" data-testid="complaint-stage">{stageLabel(c.stage)}</Tag>
        {c.overdue && <Tag color="red">{t('inbox.overdue')}</Tag>}
        {c.tier && <Tag color="purple">{t('complaint.tierTag', { tier: t(`tier.${c.tier}`) })}</Tag>}
      </Space>
      <Summary
        items={[
          [t('field.customer'), `${c.customer.name}${c.customer.country ? ` (${c.customer.country})` : ''}`],
          [t('field.market'), t(`enum.${c.market}`)],
          [t('field.orderNo'), c.orderNo],
          [t('field.partNo'), c.partNo],
          [t('field.shipDate'), formatDate(c.shipDate, lang)],
          [t('complaint.quantities'), t('complaint.quantitiesValue', { quantity: c.quantity, defects: c.defectQuantity })],
          [t('field.request'), `${t(`enum.${c.request.kind}`)} · ${c.request.undetermined ? t('form.undetermined') : c.request.quantity}`],
          [t('field.reason'), c.reason],
          [t('field.salesOpinion'), c.salesOpinion ?? '—'],
          [t('complaint.filedBy'), `${c.filedBy.name} · ${formatInstant(c.createdAt, lang)}`],
          [t('complaint.caseDue'), formatInstant(c.dueAt, lang)],
          [t('complaint.awaiting'), c.awaiting ? `${t(`action.${c.awaiting.action}`)} — ${c.awaiting.roles.map((r) => t(`role.${r}`)).join('、')}` : '—'],
        ]}
      />
      {c.parentId && (
        <Alert type="info" style={{ marginBottom: 16 }} title={<Link to={`/complaints/${c.parentId}`}>{t('complaint.refiles')}</Link>} />
      )}
      <StagePath path={complaintPath(c)} current={c.stage} stageLabel={stageLabel} stageDueAt={c.stageDueAt} overdue={c.overdue} finished={c.status !== 'open'} />
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          {deciding && <MoneyAtStake c={c} />}
          <ActionPanel
            route="POST /api/v1/complaints/{id}/actions"
            actions={actions}
            submit={(body) => unwrap(api.POST('/api/v1/complaints/{id}/actions', { params: { path: { id } }, body: body as never }))}
            invalidate={[['complaint', id]]}
          />
          <CaseRecord c={c} />
          {decisions.data && decisions.data.items.length > 0 && (
            <Card size="small" title={t('complaint.decisions')} style={{ marginBottom: 16 }} data-testid="decisions">
              {decisions.data.items.map((d) => (
                <Descriptions key={d.seq} size="small" column={1} bordered style={{ marginBottom: 12 }}>
                  <Descriptions.Item label={t('field.decision')}>
                    {t(`enum.${d.decision}`)} · {d.decidedBy.name} · {formatInstant(d.at, lang)}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('complaint.moneyAtStake')}>
                    {formatMoney(d.moneyAtStake.amount, lang)} {d.moneyAtStake.computed ? t('complaint.computed') : t('complaint.typed')}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('complaint.tier')}>
                    {t(`tier.${d.tier}`)}
                    {d.higherTierActed ? ` → ${t('complaint.decidedAs', { tier: t(`tier.${d.decidedAs}`) })}` : ''}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('complaint.thresholds')}>
                    {t('complaint.thresholdsValue', { sm: formatMoney(d.thresholds.salesManagerMax, lang), vp: formatMoney(d.thresholds.vpMax, lang) })}
                  </Descriptions.Item>
                  {d.delegation && (
                    <Descriptions.Item label={t('complaint.standIn')}>
                      {t('complaint.standInFor', { name: d.delegation.for.name, from: formatDate(d.delegation.from, lang), to: formatDate(d.delegation.to, lang) })}
                    </Descriptions.Item>
                  )}
                  <Descriptions.Item label={t('complaint.rules')}>{d.rules.join(', ')}</Descriptions.Item>
                </Descriptions>
              ))}
            </Card>
          )}
        </Col>
        <Col xs={24} xl={10}>
          {history.error ? <ErrorAlert error={history.error} /> : <HistoryTimeline events={history.data?.events ?? []} stageLabel={stageLabel} />}
          <CaseNotices caseId={id} />
        </Col>
      </Row>
    </div>
  );
}

/** C8, G7: the money at stake, the figures it is computed from, and the tier it sets. */
function MoneyAtStake({ c }: { c: Complaint }) {
  const { t } = useTranslation();
  const { lang } = useSession();
  const p = c.proposal;
  if (!p) return null;
  const parts = [
    p.unitPrice != null && p.quantity != null ? t('complaint.goods', { price: formatMoney(p.unitPrice, lang), quantity: p.quantity, value: formatMoney(p.goodsValue ?? null, lang) }) : null,
    p.allowance ? t('complaint.allowancePart', { amount: formatMoney(p.allowance, lang) }) : null,
    p.compensation ? t('complaint.compensationPart', { amount: formatMoney(p.compensation, lang) }) : null,
  ].filter(Boolean);
  const amount = c.consolidation?.amount ?? p.amount;
  return (
    <Card size="small" title={t('complaint.moneyAtStake')} style={{ marginBottom: 16, borderColor: '#b37feb' }} data-testid="money-at-stake">
      <Typography.Title level={3} style={{ fontSize: 22, margin: 0 }}>
        {formatMoney(amount, lang)}
      </Typography.Title>
      <Typography.Paragraph style={{ marginTop: 8 }}>
        {t('complaint.computedAs')} {parts.length ? parts.join(' + ') : formatMoney(p.amount, lang)} = {formatMoney(p.amount, lang)}
      </Typography.Paragraph>
      {c.consolidation?.override && (
        <Alert
          type="warning"
          showIcon
          title={t('complaint.override', { amount: formatMoney(c.consolidation.override.amount, lang), tier: t(`tier.${c.consolidation.override.tier}`) })}
          description={c.consolidation.override.reason}
          style={{ marginBottom: 8 }}
        />
      )}
      <Space wrap>
        {c.consolidation?.proposalTier && <Tag>{t('complaint.proposalTier', { tier: t(`tier.${c.consolidation.proposalTier}`) })}</Tag>}
        {c.tier && <Tag color="purple">{t('complaint.tierTag', { tier: t(`tier.${c.tier}`) })}</Tag>}
        {c.consolidation?.by && <Tag>{t('complaint.consolidatedBy', { name: c.consolidation.by.name })}</Tag>}
      </Space>
    </Card>
  );
}

/** What each stage recorded so far. */
function CaseRecord({ c }: { c: Complaint }) {
  const { t } = useTranslation();
  const { lang } = useSession();
  const parts: [string, unknown][] = [
    ['analysis', c.analysis],
    ['countermeasure', c.countermeasure],
    ['reviews', c.reviews.length ? c.reviews : null],
    ['supplier', c.supplier],
    ['proposal', c.proposal],
    ['consolidation', c.consolidation],
    ['decision', c.decision],
    ['customerResult', c.customerResult],
    ['closing', c.closing],
    ['notEstablished', c.notEstablished],
    ['appeal', c.appeal],
    ['jointInspection', c.jointInspection],
  ];
  const shown = parts.filter(([, v]) => v !== null && v !== undefined);
  if (shown.length === 0) return null;
  return (
    <Card size="small" title={t('complaint.record')} style={{ marginBottom: 16 }}>
      <Descriptions size="small" column={1} bordered>
        {shown.map(([k, v]) => (
          <Descriptions.Item key={k} label={t(`field.${k}`)}>
            <Value value={v} lang={lang} />
          </Descriptions.Item>
        ))}
      </Descriptions>
    </Card>
  );
}
