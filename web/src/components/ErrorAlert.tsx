// An API refusal or failure in plain words: the code's localized meaning, the API's own message,
// and any field it names.
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

export function useErrorText() {
  const { t } = useTranslation();
  return (error: unknown): string => {
    if (error instanceof ApiError) return t(`error.${error.code}`, { defaultValue: t('error.unknown', { status: error.status }) });
    return t('error.unknown', { status: 0 });
  };
}

export function ErrorAlert({ error }: { error: unknown }) {
  const text = useErrorText();
  const detail = error instanceof ApiError ? error.message : error instanceof Error ? error.message : null;
  return <Alert type="error" showIcon role="alert" title={text(error)} description={detail ?? undefined} style={{ marginBottom: 16 }} />;
}
