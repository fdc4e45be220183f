// The switch between the workspace's two languages, each named in itself; the choice is the
// person's own (remembered by the session).
import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Language } from '../format';
import { useSession } from '../session';

const LANGUAGES: { label: string; value: Language }[] = [
  { label: '中文', value: 'zh-CN' },
  { label: 'English', value: 'en' },
];

export function LanguageSwitch() {
  const { t } = useTranslation();
  const { lang, setLang } = useSession();
  return <Segmented aria-label={t('app.language')} size="small" value={lang} onChange={(v) => setLang(v as Language)} options={LANGUAGES} />;
}
