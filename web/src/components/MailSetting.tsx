// The person's own choice of reminders by e-mail (the inbox always has them): PUT /me/preferences.
import { MailOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Popover, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { useSession } from '../session';

export function MailSetting() {
  const { t } = useTranslation();
  const { me } = useSession();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  if (!me) return null;
  const change = async (receive: boolean) => {
    setBusy(true);
    try {
      await unwrap(api.PUT('/api/v1/me/preferences', { body: { emailOptOut: !receive } }));
      await queryClient.invalidateQueries({ queryKey: ['me'] });
      message.success(t('mail.saved'));
    } catch {
      message.error(t('error.network'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Popover
      trigger="click"
      title={t('mail.title')}
      content={
        <Space orientation="vertical" style={{ maxWidth: 280 }}>
          <Space>
            <Switch id="mail-reminders" checked={!me.emailOptOut} loading={busy} onChange={(v) => void change(v)} />
            <label htmlFor="mail-reminders">{t('mail.receive')}</label>
          </Space>
          <Typography.Text type="secondary">{me.email ? t('mail.to', { email: me.email }) : t('mail.noAddress')}</Typography.Text>
        </Space>
      }
    >
      <Button size="small" icon={<MailOutlined />} aria-label={t('mail.title')} data-testid="mail-setting" />
    </Popover>
  );
}
