// Bearer tokens are hashed; every error maps to one status and the error envelope of docs/API.md.
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { errorBody, httpStatusOf, toAppError } from '../../api/errors';
import { AppError, ERROR_CODES } from '../../domain/errors';
import { bearerToken, hashToken, newToken } from '../../services/tokens';

describe('tokens', () => {
  test('new tokens are random and long; the hash is SHA-256 hex and never the token', () => {
    const a = newToken();
    const b = newToken();
    expect(a).not.toBe(b);
    expect(a.length).toBeGreaterThanOrEqual(40);
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a)).toBe(hashToken(a));
    expect(hashToken(a)).not.toContain(a);
  });

  test('bearerToken reads only the Bearer scheme', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
  });
});

describe('error mapping', () => {
  test('each code has its documented status', () => {
    expect(Object.fromEntries(ERROR_CODES.map((c) => [c, httpStatusOf(c)]))).toEqual({
      invalid_input: 400,
      malformed_json: 400,
      unauthenticated: 401,
      forbidden: 403,
      not_found: 404,
      method_not_allowed: 405,
      wrong_stage: 409,
      conflict: 409,
      payload_too_large: 413,
      unsupported_media_type: 415,
      rate_limited: 429,
      unavailable: 503,
      timeout: 504,
      internal: 500,
    });
  });

  test('zod errors become invalid_input with a detail per field', () => {
    const parsed = z.object({ a: z.number(), b: z.object({ c: z.string() }) }).safeParse({ a: 'x', b: {} });
    const err = toAppError(parsed.error);
    expect(err.code).toBe('invalid_input');
    expect(err.details.map((d) => d.field)).toEqual(['a', 'b.c']);
  });

  test('a workflow refusal keeps its code and details; an unknown workflow is not_found', () => {
    const failure = ApplicationFailure.create({ type: 'wrong_stage', message: 'not now', details: [[{ field: 'x', message: 'y' }]] });
    expect(toAppError(failure)).toMatchObject({ code: 'wrong_stage', message: 'not now', details: [{ field: 'x', message: 'y' }] });
    expect(toAppError(new WorkflowNotFoundError('gone', 'wf', undefined)).code).toBe('not_found');
  });

  test('body parser failures are 400/413/415, anything unknown is internal without leaking its message', () => {
    expect(toAppError({ type: 'entity.parse.failed' }).code).toBe('malformed_json');
    expect(toAppError({ type: 'entity.too.large' }).code).toBe('payload_too_large');
    const unknown = toAppError(new Error('database password is hunter2'));
    expect(unknown.code).toBe('internal');
    expect(errorBody(unknown).error.message).not.toContain('hunter2');
    expect(errorBody(new AppError('forbidden', 'no'))).toEqual({ error: { code: 'forbidden', message: 'no', details: [] } });
  });
});
