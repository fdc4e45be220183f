// Signing in with a login name and password (the first administrator's are printed by npm start),
// or with an access token (service accounts, development).
import { Alert, Button, Card, Collapse, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api, ApiError, unwrap } from '../api/client';
import { credentials } from '../auth/credentials';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useSession } from '../session';

export function SignIn() {
  const { t } = useTranslation();
  const { signedIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = params.get('next') ?? '/inbox';

  useEffect(() => {
    if (signedIn) void navigate(next.startsWith('/') && !next.startsWith('//') ? next : '/inbox', { replace: true });
  }, [signedIn, next, navigate]);

  const refused = (err: unknown) =>
    err instanceof ApiError && err.status === 401 ? t('signIn.wrong') : err instanceof ApiError && err.status === 429 ? t('signIn.tooMany') : t('error.network');

  const withPassword = async ({ login, password }: { login: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const answer = await api.POST('/api/v1/session', { body: { login: login.trim(), password } });
      if (!answer.response.ok) await unwrap(Promise.resolve(answer));
      credentials.setCsrf(answer.response.headers.get('X-CSRF-Token'));
      credentials.changed();
    } catch (err) {
      setError(refused(err));
    } finally {
      setBusy(false);
    }
  };

  const withToken = async ({ token }: { token: string }) => {
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
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 16 }}>
          <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
            {t('app.title')}
          </Typography.Title>
          <LanguageSwitch />
        </div>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
        <Form layout="vertical" onFinish={withPassword} requiredMark={false} data-testid="sign-in-form">
          <Form.Item name="login" label={t('signIn.login')} rules={[{ required: true, message: t('form.required') }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true, message: t('form.required') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('signIn.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 12 }}>
          {t('signIn.firstTime')}
        </Typography.Paragraph>
        <Collapse
          ghost
          size="small"
          items={[
            {
              key: 'token',
              label: t('signIn.withToken'),
              children: (
                <Form layout="vertical" onFinish={withToken} requiredMark={false}>
                  <Form.Item name="token" label={t('signIn.token')} rules={[{ required: true, message: t('form.required') }]}>
                    <Input.Password autoComplete="off" />
                  </Form.Item>
                  <Button htmlType="submit" block loading={busy}>
                    {t('signIn.submitToken')}
                  </Button>
                </Form>
              ),
            },
          ]}
        />
      </Card>
    </main>
  );
}
