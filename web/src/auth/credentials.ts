// How requests are signed in. People sign in with their login name and password: the platform
// keeps the session in an httpOnly cookie, and every change (POST, PUT, PATCH, DELETE) carries the
// session's CSRF token, which the page keeps in memory only. Service accounts and development may
// use an access token instead (kept in this browser). A 401 means signed out: listeners are told.
const TOKEN_KEY = 'aftersales.token';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

type Listener = () => void;
const listeners = new Set<Listener>();
let csrf: string | null = null;
let version = 0;
const notify = () => {
  version += 1;
  listeners.forEach((l) => l());
};

export const credentials = {
  token(): string | null {
    return window.localStorage.getItem(TOKEN_KEY);
  },
  /** Signed in with an access token (rather than the session cookie). */
  usesToken(): boolean {
    return credentials.token() !== null;
  },
  setToken(token: string | null): void {
    if (token) window.localStorage.setItem(TOKEN_KEY, token);
    else window.localStorage.removeItem(TOKEN_KEY);
    notify();
  },
  setCsrf(token: string | null | undefined): void {
    csrf = token ?? null;
  },
  /** A sign-in or sign-out happened: who is signed in must be read again. */
  changed(): void {
    notify();
  },
  /** Changes as many times as people sign in or out, for keys of cached answers. */
  version(): number {
    return version;
  },
  headers(method: string): Record<string, string> {
    const token = credentials.token();
    if (token) return { Authorization: `Bearer ${token}` };
    return !SAFE.has(method.toUpperCase()) && csrf ? { 'X-CSRF-Token': csrf } : {};
  },
  expired(): void {
    csrf = null;
    if (credentials.token()) window.localStorage.removeItem(TOKEN_KEY);
    notify();
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
