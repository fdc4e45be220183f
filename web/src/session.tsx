// The signed-in person and their language, for every screen. Who is signed in is what GET /me
// answers (with the session cookie or an access token); the language is the person's own, kept by
// the platform (PUT /me/preferences) and in this browser until they sign in.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useSyncExternalStore, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from './access';
import { api, ApiError, unwrap, type Schemas } from './api/client';
import { credentials } from './auth/credentials';
import type { Language } from './format';
import { rememberLanguage } from './i18n';

interface Session {
  me: (Me & Partial<Schemas['Me']>) | null;
  loading: boolean;
  signedIn: boolean;
  lang: Language;
  setLang: (lang: Language) => void;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const queryClient = useQueryClient();
  const version = useSyncExternalStore(credentials.subscribe, credentials.version);
  const me = useQuery({
    queryKey: ['me', version],
    queryFn: async () => {
      try {
        return await unwrap(api.GET('/api/v1/me'));
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 60_000,
    refetchInterval: 5 * 60_000,
    retry: false,
  });
  const lang = (i18n.language === 'en' ? 'en' : 'zh-CN') as Language;
  const synced = useRef<string | null>(null);
  // A language picked on the sign-in page is the person's choice: it is kept for them once signed in.
  const pickedSignedOut = useRef(false);
  useEffect(() => {
    const person = me.data;
    credentials.setCsrf(person?.csrfToken);
    // The person's own language, once per sign-in.
    if (person && synced.current !== person.id) {
      synced.current = person.id;
      if (pickedSignedOut.current) {
        pickedSignedOut.current = false;
        if (person.language !== i18n.language) void unwrap(api.PUT('/api/v1/me/preferences', { body: { language: i18n.language === 'en' ? 'en' : 'zh-CN' } })).catch(() => undefined);
      } else if (person.language && person.language !== i18n.language) {
        rememberLanguage(person.language);
        void i18n.changeLanguage(person.language);
      }
    }
    if (!person) synced.current = null;
  }, [me.data, i18n]);
  const setLang = useCallback(
    (next: Language) => {
      rememberLanguage(next);
      void i18n.changeLanguage(next);
      if (me.data) void unwrap(api.PUT('/api/v1/me/preferences', { body: { language: next } })).catch(() => undefined);
      else pickedSignedOut.current = true;
    },
    [i18n, me.data],
  );
  const signOut = useCallback(async () => {
    if (!credentials.usesToken()) await unwrap(api.DELETE('/api/v1/session')).catch(() => undefined);
    credentials.setCsrf(null);
    queryClient.clear();
    credentials.expired();
  }, [queryClient]);
  const value = useMemo<Session>(
    () => ({ me: me.data ?? null, loading: me.isLoading, signedIn: !!me.data, lang, setLang, signOut }),
    [me.data, me.isLoading, lang, setLang, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
