// The one client of the platform's API: typed by the paths generated from /openapi.json
// (generated/api-types.d.ts), so a request or response the API does not declare fails to compile.
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from '../../../generated/api-types';
import { credentials } from '../auth/credentials';

export type { paths };
export type Schemas = components['schemas'];

export interface ErrorDetail {
  field: string;
  message: string;
}

/** A refusal or failure of the API, with its code (`forbidden`, `wrong_stage`, …) and field details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

const authenticate: Middleware = {
  onRequest({ request }) {
    for (const [name, value] of Object.entries(credentials.headers(request.method))) request.headers.set(name, value);
    return request;
  },
  onResponse({ request, response }) {
    // Signed out (session ended, token revoked): every screen goes back to signing in.
    if (response.status === 401 && !new URL(request.url).pathname.startsWith('/api/v1/me') && !new URL(request.url).pathname.startsWith('/api/v1/session')) credentials.expired();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: typeof window === 'undefined' ? '' : window.location.origin, credentials: 'same-origin' });
api.use(authenticate);

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a successful answer; otherwise throws an ApiError with the API's code and details. */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await call;
  } catch (err) {
    throw new ApiError(0, 'network', (err as Error).message);
  }
  if (answer.response.ok && answer.data !== undefined) return answer.data;
  if (answer.response.ok) return undefined as T;
  const body = answer.error as { error?: { code?: string; message?: string; details?: ErrorDetail[] } } | undefined;
  throw new ApiError(answer.response.status, body?.error?.code ?? `http_${answer.response.status}`, body?.error?.message ?? answer.response.statusText, body?.error?.details ?? []);
}

/** The JSON form of a report that can also answer as CSV or HTML (those come as text). */
export async function unwrapJson<T>(call: Promise<Answer<T>>): Promise<Exclude<T, string>> {
  const data = await unwrap(call);
  if (typeof data === 'string') throw new ApiError(0, 'internal', 'expected JSON');
  return data as Exclude<T, string>;
}

/** A request outside the typed paths (reports' CSV/HTML forms): the URL with the credentials a link needs. */
export async function download(url: string, filename: string): Promise<void> {
  const res = await fetch(url, { headers: credentials.headers('GET'), credentials: 'same-origin' });
  if (!res.ok) throw new ApiError(res.status, `http_${res.status}`, res.statusText);
  const blob = await res.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  link.click();
  URL.revokeObjectURL(link.href);
}

/** Opens an HTML rendering of a report (its print view) in a new window. */
export async function openPrintView(url: string): Promise<void> {
  const res = await fetch(url, { headers: credentials.headers('GET'), credentials: 'same-origin' });
  if (!res.ok) throw new ApiError(res.status, `http_${res.status}`, res.statusText);
  const html = await res.text();
  const view = window.open('', '_blank');
  if (!view) return;
  view.document.open();
  view.document.write(html);
  view.document.close();
}
