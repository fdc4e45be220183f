// Filing: a new complaint (C3), a new service call (S2), an anomaly report (C1), a contract (S15),
// each a form built from the API's own request schema.
import { Alert, Card, Spin, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api, unwrap } from '../api/client';
import { useRequestSchemas } from '../components/CaseParts';
import { SchemaForm } from '../components/SchemaForm';

type Kind = 'complaint' | 'serviceCall' | 'anomaly' | 'contract';

const ROUTES: Record<Kind, string> = {
  complaint: 'POST /api/v1/complaints',
  serviceCall: 'POST /api/v1/service-calls',
  anomaly: 'POST /api/v1/anomaly-reports',
  contract: 'POST /api/v1/contracts',
};

/** A fresh key per form, so that a repeated submission (a retry after a timeout) files once. */
const idempotencyKey = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`);

export default function Filing({ kind }: { kind: Kind }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const schemas = useRequestSchemas();
  const key = useRef(idempotencyKey());
  const [done, setDone] = useState<string | null>(null);
  const schema = schemas.data?.[ROUTES[kind]];

  const submit = async (body: Record<string, unknown>): Promise<unknown> => {
    const headers = { 'Idempotency-Key': key.current };
    switch (kind) {
      case 'complaint':
        return unwrap(api.POST('/api/v1/complaints', { body: body as never, headers }));
      case 'serviceCall':
        return unwrap(api.POST('/api/v1/service-calls', { body: body as never, headers }));
      case 'anomaly':
        return unwrap(api.POST('/api/v1/anomaly-reports', { body: body as never, headers }));
      case 'contract':
        return unwrap(api.POST('/api/v1/contracts', { body: body as never, headers }));
    }
  };
  const onDone = (result: unknown) => {
    key.current = idempotencyKey();
    const id = (result as { id?: string }).id;
    if (kind === 'complaint' && id) void navigate(`/complaints/${id}`);
    else if (kind === 'serviceCall' && id) void navigate(`/service-calls/${id}`);
    else if (kind === 'contract' && id) void navigate(`/contracts/${id}`);
    else setDone(t('filing.anomalyFiled'));
  };

  return (
    <div style={{ maxWidth: 860 }}>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {t(`filing.${kind}`)}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t(`filing.${kind}Help`)}</Typography.Paragraph>
      {done && <Alert type="success" showIcon title={done} style={{ marginBottom: 16 }} />}
      <Card>
        {schema ? (
          <SchemaForm
            schema={schema}
            omit={['parentId']}
            initialValues={kind === 'complaint' ? { market: 'domestic', request: { kind: 'return' } } : kind === 'serviceCall' ? { area: 'urban' } : undefined}
            submitLabel={t('filing.submit')}
            onSubmit={submit}
            onDone={onDone}
            testId={`filing-${kind}`}
          />
        ) : (
          <Spin />
        )}
      </Card>
    </div>
  );
}
