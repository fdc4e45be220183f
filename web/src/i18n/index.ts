// The message catalogues (zh-CN first, en second) and the person's language.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../format';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';

export const LANGUAGES: Language[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'aftersales.language';

export function storedLanguage(): Language {
  const v = window.localStorage.getItem(STORAGE_KEY);
  return v === 'en' || v === 'zh-CN' ? v : 'zh-CN';
}

export function rememberLanguage(lang: Language): void {
  window.localStorage.setItem(STORAGE_KEY, lang);
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = storedLanguage();
i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

export default i18n;
