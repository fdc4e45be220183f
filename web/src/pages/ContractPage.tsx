// A maintenance contract (S15): its term, the expiry notice, renewal and its history.
import { useQuery } from '@tanstack/react-query';
import { Col, Row, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { may } from '../access';
import { api, unwrap } from '../api/client';
import { ActionPanel, CaseNotices, HistoryTimeline, Summary, Value } from '../components/CaseParts';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatDate, formatInstant, formatMoney } from '../format';
import { useSession } from '../session';
import { StatusTag } from './StatusTag';

export default function ContractPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { me, lang } = useSession();
  const contract = useQuery({ queryKey: ['contract', id], queryFn: () => unwrap(api.GET('/api/v1/contracts/{id}', { params: { path: { id } } })) });
  const history = useQuery({ queryKey: ['contract', id, 'history'], queryFn: () => unwrap(api.GET('/api/v1/contracts/{id}/history', { params: { path: { id } } })) });
  if (contract.error) return <ErrorAlert error={contract.error} />;
  if (!contract.data) return <Spin />;
  const c = contract.data;
  const mayRenew = c.status === 'active' && may(me, 'POST /api/v1/contracts') ;
  return (
    <div data-testid="contract-page">
      <Space align="center" style={{ marginBottom: 12 }}>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
          {t('contract.title', { number: c.number })}
        </Typography.Title>
        <StatusTag status={c.status} />
      </Space>
      <Summary
        items={[
          [t('field.customer'), <Value key="c" value={c.customer} lang={lang} />],
          [t('field.serialNos'), c.serialNos.join('、')],
          [t('contract.term'), `${formatDate(c.startsOn, lang)} – ${formatDate(c.endsOn, lang)}`],
          [t('field.amount'), formatMoney(c.amount, lang)],
          [t('contract.noticeAt'), `${formatInstant(c.noticeAt, lang)}${c.noticeSent ? ` ✓` : ''}`],
          [t('contract.createdBy'), `${c.createdBy.name} · ${formatInstant(c.createdAt, lang)}`],
        ]}
      />
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <ActionPanel
            route="POST /api/v1/contracts/{id}/renew"
            actions={mayRenew ? [{ action: 'renew', primary: true }] : []}
            discriminator="__renew"
            submit={(body) => {
              const { __renew: _r, ...rest } = body;
              return unwrap(api.POST('/api/v1/contracts/{id}/renew', { params: { path: { id } }, body: rest as never }));
            }}
            invalidate={[['contract', id]]}
          />
        </Col>
        <Col xs={24} xl={10}>
          <HistoryTimeline events={history.data?.events ?? []} stageLabel={(s) => s} />
          <CaseNotices caseId={id} />
        </Col>
      </Row>
    </div>
  );
}
