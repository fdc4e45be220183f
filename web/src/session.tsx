// The signed-in person and their language, for every screen.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from './access';
import { api, unwrap } from './api/client';
import { credentials } from './auth/credentials';
import type { Language } from './format';
import { rememberLanguage } from './i18n';

interface Session {
  me: Me | null;
  loading: boolean;
  signedIn: boolean;
  lang: Language;
  setLang: (lang: Language) => void;
  signOut: () => void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const queryClient = useQueryClient();
  const token = useSyncExternalStore(credentials.subscribe, credentials.token);
  const me = useQuery({
    queryKey: ['me', token],
    enabled: !!token,
    queryFn: () => unwrap(api.GET('/api/v1/me')),
    staleTime: 60_000,
    retry: false,
  });
  const lang = (i18n.language === 'en' ? 'en' : 'zh-CN') as Language;
  const setLang = useCallback(
    (next: Language) => {
      rememberLanguage(next);
      void i18n.changeLanguage(next);
    },
    [i18n],
  );
  const signOut = useCallback(() => {
    credentials.setToken(null);
    queryClient.clear();
  }, [queryClient]);
  useEffect(() => {
    if (!token) queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
  }, [token, queryClient]);
  const value = useMemo<Session>(
    () => ({ me: me.data ?? null, loading: !!token && me.isLoading, signedIn: !!token && !!me.data, lang, setLang, signOut }),
    [me.data, me.isLoading, token, lang, setLang, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
