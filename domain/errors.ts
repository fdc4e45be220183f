// The platform's one error vocabulary. Services throw AppError; workflows raise ApplicationFailure
// with the same code as its `type`; api/errors.ts is the one place that maps a code to HTTP.

export const ERROR_CODES = [
  'invalid_input', // 400: a field is missing or wrong (details name each field)
  'malformed_json', // 400: the body is not JSON
  'unauthenticated', // 401: no token, or an unknown one
  'forbidden', // 403: the caller's roles may not do this
  'not_found', // 404: unknown id
  'method_not_allowed', // 405: the path exists, the method does not (the Allow header lists the ones that do)
  'wrong_stage', // 409: not allowed in the current stage or state
  'conflict', // 409: a conflicting duplicate (idempotency key reused with another body, ...)
  'payload_too_large', // 413
  'unsupported_media_type', // 415
  'rate_limited', // 429
  'unavailable', // 503: a dependency (Temporal, the database) does not answer
  'timeout', // 504: the request took longer than REQUEST_TIMEOUT; what it started finishes or fails on its own
  'internal', // 500: a fault of ours, never bad input
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorDetail {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
