// How a refusal leaves a workflow: a domain AppError becomes a non-retryable ApplicationFailure
// with the same code as its type (api/errors.ts maps it to HTTP); anything else is rethrown.
import { ApplicationFailure } from '@temporalio/workflow';
import { AppError } from '../domain/errors';

export function asFailure(err: unknown): never {
  if (err instanceof AppError) {
    throw ApplicationFailure.create({ type: err.code, message: err.message, details: [err.details], nonRetryable: true });
  }
  throw err;
}
