// Signing in: with the access token an administrator gave (the first administrator's is in the
// data folder, see README).
import { Alert, Button, Card, Form, Input, Segmented, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api, ApiError, unwrap } from '../api/client';
import { credentials } from '../auth/credentials';
import { useSession } from '../session';

export function SignIn() {
  const { t } = useTranslation();
  const { signedIn, lang, setLang } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = params.get('next') ?? '/inbox';

  useEffect(() => {
    if (signedIn) void navigate(next.startsWith('/') ? next : '/inbox', { replace: true });
  }, [signedIn, next, navigate]);

  const submit = async ({ token }: { token: string }) => {
    setBusy(true);
    setError(null);
    credentials.setToken(token.trim());
    try {
      await unwrap(api.GET('/api/v1/me'));
    } catch (err) {
      credentials.setToken(null);
      setError(err instanceof ApiError && err.status === 401 ? t('signIn.badToken') : t('error.network'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f7fa' }}>
      <Card style={{ width: 420 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 8 }}>
          <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
            {t('app.title')}
          </Typography.Title>
          <Segmented
            aria-label={t('app.language')}
            size="small"
            value={lang}
            onChange={(v) => setLang(v as typeof lang)}
            options={[
              { label: '中文', value: 'zh-CN' },
              { label: 'English', value: 'en' },
            ]}
          />
        </div>
        <Typography.Paragraph type="secondary">{t('signIn.tokenHelp')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="token" label={t('signIn.token')} rules={[{ required: true, message: t('form.required') }]}>
            <Input.Password autoComplete="off" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('signIn.submit')}
          </Button>
        </Form>
      </Card>
    </main>
  );
}
