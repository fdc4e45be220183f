// What every case page shows: its stage path with the current stage and its deadline, the full
// timeline from its history, its notices, and the actions this person may take now.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Card, Collapse, Descriptions, Empty, List, Steps, Tag, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { formatDate, formatInstant, formatMoney, formatRelative, type Language } from '../format';
import { useSession } from '../session';
import { humanize, SchemaForm, type CustomWidgets } from './SchemaForm';
import { type JsonSchema, variantOf } from './schema';

/** The API's request schemas, loaded with the first page that builds a form. */
export function useRequestSchemas() {
  return useQuery({
    queryKey: ['request-schemas'],
    queryFn: () => import('virtual:api-forms').then((m) => m.requestSchemas),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MONEY_FIELDS = new Set(['amount', 'unitPrice', 'allowance', 'compensation', 'lossAmount', 'goodsValue', 'amountAtStake', 'cost', 'saleAmount', 'aGradeAmount', 'actualLoss', 'fee']);

/** A person as recorded ({id, name}, perhaps with roles): shown by name. */
const isPersonRef = (v: Record<string, unknown>): boolean =>
  typeof v.name === 'string' && typeof v.id === 'string' && Object.keys(v).every((k) => k === 'id' || k === 'name' || k === 'roles');

/** The separators between a record's fields and after a field's name, as the language writes them. */
const separators = (lang: Language) => (lang === 'en' ? { between: '; ', label: ': ' } : { between: '；', label: '：' });

/** Any recorded value in words: yes/no, dates in the company's zone, money, people by name, lists and nested records; internal ids are left out. */
export function Value({ name, value, lang }: { name?: string; value: unknown; lang: Language }): ReactNode {
  const { t } = useTranslation();
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? t('form.yes') : t('form.no');
  if (typeof value === 'string' && INSTANT.test(value)) return formatInstant(value, lang);
  if (typeof value === 'string' && DATE.test(value)) return formatDate(value, lang);
  if ((typeof value === 'string' || typeof value === 'number') && name && MONEY_FIELDS.has(name)) return formatMoney(value, lang);
  if (typeof value === 'string' && name && (name.endsWith('Stage') || name === 'stage')) return t(`stage.complaint.${value}`, { defaultValue: value });
  if (typeof value === 'string' && name === 'action') return t(`action.${value}`, { defaultValue: value });
  if (typeof value === 'string' || typeof value === 'number') return t(`enum.${value}`, { defaultValue: String(value) });
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) return value.map((v) => (typeof v === 'string' ? t(`enum.${v}`, { defaultValue: v }) : String(v))).join(lang === 'en' ? ', ' : '、');
    return (
      <ul style={{ margin: 0, paddingInlineStart: 18 }}>
        {value.map((v, i) => (
          <li key={i}>
            <Value value={v} lang={lang} />
          </li>
        ))}
      </ul>
    );
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (isPersonRef(record)) return record.name as string;
    // Ids of people and records say nothing to a reader; the names recorded beside them do.
    const entries = Object.entries(record).filter(([, v]) => v !== undefined && !(typeof v === 'string' && UUID.test(v)));
    const { between, label } = separators(lang);
    return (
      <span>
        {entries.map(([k, v], i) => (
          <span key={k}>
            {i > 0 && between}
            {t(`field.${k}`, { defaultValue: humanize(k) })}
            {label}
            <Value name={k} value={v} lang={lang} />
          </span>
        ))}
      </span>
    );
  }
  return String(value);
}

export interface StagePathProps {
  /** The stages in order, the current one among them. */
  path: string[];
  current: string;
  stageLabel: (stage: string) => string;
  stageDueAt?: string | null;
  overdue?: boolean;
  finished?: boolean;
}

export function StagePath({ path, current, stageLabel, stageDueAt, overdue, finished }: StagePathProps) {
  const { t } = useTranslation();
  const { lang } = useSession();
  const index = Math.max(0, path.indexOf(current));
  return (
    <Card size="small" title={t('case.stagePath')} style={{ marginBottom: 16 }}>
      {/* Scrolls sideways when the path is long: reachable by keyboard for that. */}
      <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={t('case.stagePath')}>
        <Steps
          size="small"
          labelPlacement="vertical"
          current={index}
          status={finished ? 'finish' : overdue ? 'error' : 'process'}
          items={path.map((s, i) => ({
            title: stageLabel(s),
            content:
              i === index && !finished && stageDueAt ? (
                <Typography.Text type={overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                  {t('case.stageDue', { when: formatInstant(stageDueAt, lang) })}
                  <br />({formatRelative(stageDueAt, lang)})
                </Typography.Text>
              ) : undefined,
          }))}
          // Each stage keeps room for its name on one or two lines; a long path scrolls sideways.
          style={{ minWidth: path.length * 124, paddingBottom: 8 }}
        />
      </div>
    </Card>
  );
}

export interface HistoryEventLike {
  seq: number;
  at: string;
  actor: { id: string; name: string };
  action: string;
  stage?: string;
  data?: unknown;
  comment?: string | null;
}

export function HistoryTimeline({ events, stageLabel }: { events: HistoryEventLike[]; stageLabel: (s: string) => string }) {
  const { t } = useTranslation();
  const { lang } = useSession();
  return (
    <Card size="small" title={t('case.timeline')} style={{ marginBottom: 16 }} data-testid="case-timeline">
      {events.length === 0 ? (
        <Empty description={t('case.noHistory')} />
      ) : (
        <Timeline
          items={events.map((e) => ({
            key: e.seq,
            content: (
              <div>
                <Typography.Text strong>{t(`action.${e.action}`, { defaultValue: e.action })}</Typography.Text>
                <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                  {e.actor.name} · {formatInstant(e.at, lang)}
                  {e.stage ? ` · ${stageLabel(e.stage)}` : ''}
                </Typography.Text>
                {e.data && typeof e.data === 'object' && Object.keys(e.data).length > 0 ? (
                  <div style={{ fontSize: 13, marginTop: 4 }}>
                    <Value value={e.data} lang={lang} />
                  </div>
                ) : null}
                {e.comment ? <div style={{ marginTop: 4 }}>“{e.comment}”</div> : null}
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}

export function CaseNotices({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const { lang } = useSession();
  const notices = useQuery({
    queryKey: ['notices', 'case', caseId],
    queryFn: () => unwrap(api.GET('/api/v1/notices', { params: { query: { caseId, limit: 100 } } })),
    refetchInterval: 15_000,
  });
  return (
    <Card size="small" title={t('case.notices')} style={{ marginBottom: 16 }}>
      <List
        size="small"
        dataSource={notices.data?.items ?? []}
        locale={{ emptyText: t('case.noNotices') }}
        renderItem={(n) => (
          <List.Item>
            <span>
              <Tag color={n.type === 'escalation' ? 'red' : n.type === 'reminder' ? 'orange' : 'blue'}>{t(`noticeType.${n.type}`)}</Tag>
              <Typography.Text type="secondary">{formatInstant(n.at, lang)} → {n.to.map((r) => t(`role.${r}`)).join('、')}</Typography.Text>
              <div>{n.message}</div>
            </span>
          </List.Item>
        )}
      />
    </Card>
  );
}

export interface ActionChoice {
  action: string;
  /** The awaited action of the stage (shown first and open). */
  primary?: boolean;
  danger?: boolean;
}

/** The actions this person may take now, each a form built from its schema in the API. */
export function ActionPanel({
  route,
  actions,
  submit,
  invalidate,
  widgets,
  discriminator = 'action',
}: {
  route: string;
  actions: ActionChoice[];
  submit: (body: Record<string, unknown>) => Promise<unknown>;
  invalidate: unknown[][];
  widgets?: CustomWidgets;
  discriminator?: string;
}) {
  const { t } = useTranslation();
  const schemas = useRequestSchemas();
  const queryClient = useQueryClient();
  if (actions.length === 0) {
    return (
      <Card size="small" title={t('case.actions')} style={{ marginBottom: 16 }}>
        <Typography.Text type="secondary">{t('case.nothingToDo')}</Typography.Text>
      </Card>
    );
  }
  const union = schemas.data?.[route] as JsonSchema | undefined;
  const refresh = async () => {
    await Promise.all([...invalidate, ['tasks']].map((key) => queryClient.invalidateQueries({ queryKey: key })));
  };
  return (
    <Card size="small" title={t('case.actions')} style={{ marginBottom: 16 }} data-testid="case-actions">
      <Collapse
        defaultActiveKey={actions.filter((a) => a.primary).map((a) => a.action)}
        items={actions.map((a) => {
          const schema = union ? variantOf(union, a.action, discriminator) : null;
          return {
            key: a.action,
            label: (
              <span>
                {a.primary && <Tag color="blue">{t('case.awaitsYou')}</Tag>}
                {t(`action.${a.action}`, { defaultValue: a.action })}
              </span>
            ),
            children: schema ? (
              <SchemaForm
                schema={schema}
                omit={[discriminator]}
                fixed={{ [discriminator]: a.action }}
                submitLabel={t(`action.${a.action}`, { defaultValue: a.action })}
                danger={a.danger}
                widgets={widgets}
                onSubmit={submit}
                onDone={() => void refresh()}
                testId={`action-form-${a.action}`}
              />
            ) : (
              <Typography.Text type="secondary">{t('app.loading')}</Typography.Text>
            ),
          };
        })}
      />
    </Card>
  );
}

export function Summary({ items }: { items: [string, ReactNode][] }) {
  return (
    <Descriptions size="small" bordered column={{ xs: 1, sm: 2, lg: 3 }} style={{ marginBottom: 16 }}>
      {items.map(([label, value]) => (
        <Descriptions.Item key={label} label={label}>
          {value}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}
