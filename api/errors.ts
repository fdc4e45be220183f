// The one place that turns an error into an HTTP status and the error envelope of docs/API.md.
import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError, WorkflowUpdateFailedError, isGrpcServiceError } from '@temporalio/client';
import { AppError, type ErrorCode, type ErrorDetail, isErrorCode } from '../domain/errors';
import { zodDetails } from '../domain/validation';
import type { Logger } from '../observability/logger';
import { isWorkflowGone } from '../temporal/caseWorkflows';

const STATUS: Record<ErrorCode, number> = {
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
};

export const httpStatusOf = (code: ErrorCode): number => STATUS[code];

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: ErrorDetail[] };
}

/** Any thrown value → an AppError, so that nothing unexpected leaks to a client. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return new AppError('invalid_input', 'The request is invalid.', zodDetails(err));
  if (err instanceof WorkflowExecutionAlreadyStartedError) return new AppError('conflict', 'That case already exists.');
  if (err instanceof WorkflowUpdateFailedError || err instanceof ApplicationFailure) {
    const failure = err instanceof ApplicationFailure ? err : err.cause;
    if (failure instanceof ApplicationFailure && isErrorCode(failure.type)) {
      const details = (failure.details?.[0] as ErrorDetail[] | undefined) ?? [];
      return new AppError(failure.type, failure.message, Array.isArray(details) ? details : []);
    }
  }
  const body = err as { type?: string; status?: number; expose?: boolean };
  if (body?.type === 'entity.parse.failed') return new AppError('malformed_json', 'The body is not valid JSON.');
  if (body?.type === 'entity.too.large') return new AppError('payload_too_large', 'The body is too large.');
  if (body?.type === 'encoding.unsupported' || body?.type === 'charset.unsupported') {
    return new AppError('unsupported_media_type', 'The body encoding is not supported.');
  }
  if (isWorkflowGone(err)) return new AppError('not_found', 'No such case.');
  if (isGrpcServiceError(err) || (err as Error)?.name === 'ServiceError') {
    return new AppError('unavailable', 'The workflow service is not reachable; try again.');
  }
  return new AppError('internal', 'An internal error occurred.');
}

export function errorBody(err: AppError): ErrorBody {
  return { error: { code: err.code, message: err.message, details: err.details } };
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = toAppError(err);
    const status = httpStatusOf(appError.code);
    if (status >= 500) {
      logger.error({ err, requestId: req.get('x-request-id'), path: req.path }, 'request failed');
    }
    if (res.headersSent) return;
    const retryAfter = (err as { retryAfter?: number }).retryAfter;
    if (appError.code === 'rate_limited' && retryAfter) res.setHeader('Retry-After', String(retryAfter));
    res.status(status).json(errorBody(appError));
  };
}
