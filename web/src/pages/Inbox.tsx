// My open work across complaints, service calls, contracts, accountability cases and messages,
// most urgent first, refreshed every few seconds; and the notices addressed to my roles.
import { Card, Empty, List, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { Schemas } from '../api/client';
import { byUrgency, caseLink, DUE_SOON_MS, workKind } from '../caseLinks';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatInstant, formatRelative } from '../format';
import { useMyNotices, useTasks } from '../hooks';
import { useSession } from '../session';

type Task = Schemas['Task'];

export default function Inbox() {
  const { t } = useTranslation();
  const { lang } = useSession();
  const navigate = useNavigate();
  const tasks = useTasks();
  const notices = useMyNotices();
  const rows = useMemo(() => [...(tasks.data?.items ?? [])].sort(byUrgency), [tasks.data]);
  const now = Date.now();

  const columns: ColumnsType<Task> = [
    {
      title: t('inbox.urgency'),
      key: 'urgency',
      width: 110,
      render: (_, x) =>
        x.overdue ? (
          <Tag color="red">{t('inbox.overdue')}</Tag>
        ) : x.priority ? (
          <Tag color="volcano">{t('inbox.priority')}</Tag>
        ) : x.dueAt && Date.parse(x.dueAt) - now < DUE_SOON_MS ? (
          <Tag color="orange">{t('inbox.dueSoon')}</Tag>
        ) : (
          <Tag>{t('inbox.onTime')}</Tag>
        ),
    },
    { title: t('inbox.caseType'), dataIndex: 'caseType', width: 120, render: (v: string) => t(`caseType.${v}`, { defaultValue: v }) },
    {
      title: t('inbox.case'),
      key: 'case',
      render: (_, x) => {
        const link = caseLink(x.caseType, x.caseId);
        const label = x.number ?? x.title ?? x.caseId.slice(0, 8);
        return link ? <Link to={link}>{label}</Link> : label;
      },
    },
    {
      title: t('inbox.todo'),
      key: 'todo',
      render: (_, x) => (x.workItemId ? t(`work.${workKind(x.action)}`, { defaultValue: x.action }) : t(`action.${x.action}`, { defaultValue: x.action })),
    },
    {
      title: t('inbox.due'),
      dataIndex: 'dueAt',
      width: 220,
      render: (v: string | null, x) =>
        v ? (
          <span>
            <Typography.Text type={x.overdue ? 'danger' : undefined}>{formatInstant(v, lang)}</Typography.Text>{' '}
            <Typography.Text type="secondary">({formatRelative(v, lang, now)})</Typography.Text>
          </span>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <div>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {t('inbox.title')}
      </Typography.Title>
      {tasks.error && <ErrorAlert error={tasks.error} />}
      <Table<Task>
        data-testid="inbox-table"
        rowKey={(x) => `${x.caseType}:${x.caseId}:${x.workItemId ?? x.action}`}
        columns={columns}
        dataSource={rows}
        loading={tasks.isLoading}
        size="middle"
        pagination={{ defaultPageSize: 50, showSizeChanger: true, hideOnSinglePage: true }}
        rowClassName={(x) => (x.overdue ? 'row-overdue' : '')}
        onRow={(x) => ({
          onClick: (e) => {
            const link = caseLink(x.caseType, x.caseId);
            if (link && !(e.target as HTMLElement).closest('a')) void navigate(link);
          },
          style: { cursor: caseLink(x.caseType, x.caseId) ? 'pointer' : undefined, background: x.overdue ? '#fff1f0' : undefined },
        })}
        locale={{ emptyText: <Empty description={t('inbox.empty')} /> }}
      />
      <Card title={t('inbox.notices')} size="small" style={{ marginTop: 24 }}>
        <List
          size="small"
          dataSource={[...(notices.data?.items ?? [])].reverse().slice(0, 20)}
          locale={{ emptyText: t('inbox.noNotices') }}
          renderItem={(n) => {
            const link = caseLink(n.caseType, n.caseId);
            return (
              <List.Item>
                <List.Item.Meta
                  title={
                    <span>
                      <Tag color={n.type === 'escalation' ? 'red' : n.type === 'reminder' ? 'orange' : 'blue'}>{t(`noticeType.${n.type}`)}</Tag>
                      {link ? <Link to={link} style={{ textDecoration: 'underline' }}>{t(`caseType.${n.caseType}`, { defaultValue: n.caseType })}</Link> : t(`caseType.${n.caseType}`, { defaultValue: n.caseType })}
                      <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                        {formatInstant(n.at, lang)}
                      </Typography.Text>
                    </span>
                  }
                  description={n.message}
                />
              </List.Item>
            );
          }}
        />
      </Card>
    </div>
  );
}
