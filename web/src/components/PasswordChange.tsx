// A person who signed in with an initial or reset password chooses their own.
import { Alert, Button, Form, Input, Modal } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap } from '../api/client';
import { credentials } from '../auth/credentials';
import { ErrorAlert } from './ErrorAlert';

export function PasswordChange({ open }: { open: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (v: { current: string; new: string }) => {
    setBusy(true);
    setError(null);
    try {
      await unwrap(api.PUT('/api/v1/me/password', { body: { current: v.current, new: v.new } }));
      await queryClient.invalidateQueries({ queryKey: ['me'] });
      credentials.changed();
    } catch (err) {
      setError(err);
      // The API names the field it refuses (a weak new password, a wrong current one).
      if (err instanceof ApiError) form.setFields(err.details.filter((d) => d.field === 'current' || d.field === 'new').map((d) => ({ name: d.field, errors: [d.message] })));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('password.title')} footer={null} closable={false} mask={{ closable: false }}>
      <Alert type="info" showIcon title={t('password.why')} style={{ marginBottom: 16 }} />
      {error !== null && <ErrorAlert error={error} />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="current" label={t('password.current')} rules={[{ required: true, message: t('form.required') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="new" label={t('password.new')} extra={t('password.rule')} rules={[{ required: true, min: 10, message: t('password.rule') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('password.submit')}
        </Button>
      </Form>
    </Modal>
  );
}
