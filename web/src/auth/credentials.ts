// How requests are signed in: a bearer token kept in this browser (development and service
// accounts). The API answers 401 when it is no longer valid, and the workspace asks to sign in again.
const TOKEN_KEY = 'aftersales.token';

type Listener = () => void;
const listeners = new Set<Listener>();

export const credentials = {
  token(): string | null {
    return window.localStorage.getItem(TOKEN_KEY);
  },
  setToken(token: string | null): void {
    if (token) window.localStorage.setItem(TOKEN_KEY, token);
    else window.localStorage.removeItem(TOKEN_KEY);
    listeners.forEach((l) => l());
  },
  headers(_method: string): Record<string, string> {
    const token = credentials.token();
    return token ? { Authorization: `Bearer ${token}` } : {};
  },
  expired(): void {
    if (credentials.token()) credentials.setToken(null);
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
