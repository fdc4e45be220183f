// G1, G5: how an activity's error leaves it. Refusals and data the database can never take are
// permanent (the workflow is told at once); anything else is retried.
import { ApplicationFailure } from '@temporalio/activity';
import { ActivityFailure, CancelledFailure, RetryState, TimeoutFailure, TimeoutType } from '@temporalio/common';
import { classifyActivityError, classifyingErrors } from '../../activities/failures';
import { isActivityFailureOfType, mayPassLater } from '../../workflows/failures';
import { monthRange } from '../../domain/accountability/ledger';
import { AppError } from '../../domain/errors';

const permanent = (err: unknown) => {
  const out = classifyActivityError(err);
  return out instanceof ApplicationFailure && out.nonRetryable;
};

test('G5: a refusal of the platform (bad input, an impossible state) is permanent, with its code', () => {
  const refused = classifyActivityError(new AppError('invalid_input', 'bad month', [{ field: 'month', message: 'no' }]));
  expect(refused).toMatchObject({ type: 'invalid_input', nonRetryable: true, message: 'bad month' });
});

test('G1: an unreachable or busy database, and faults of the code that a release will mend, are retried', () => {
  for (const err of [
    Object.assign(new Error('Unknown argument `number`'), { name: 'PrismaClientValidationError' }),
    new TypeError("Cannot read properties of undefined (reading 'id')"),
    new Error('connect ECONNREFUSED 127.0.0.1:5432'),
    Object.assign(new Error('SQLITE_BUSY: database is locked'), { code: 'SQLITE_BUSY' }),
    Object.assign(new Error("Can't reach database server"), { name: 'PrismaClientKnownRequestError', code: 'P1001' }),
    Object.assign(new Error('Transaction failed due to a write conflict'), { name: 'PrismaClientKnownRequestError', code: 'P2034' }),
  ]) {
    expect(permanent(err)).toBe(false);
    expect(classifyActivityError(err)).toBe(err);
  }
});

test('G1: every activity of the worker throws classified errors', async () => {
  const activities = classifyingErrors({
    async refuses() {
      throw new AppError('wrong_stage', 'not now');
    },
    async fine(n: number) {
      return n + 1;
    },
  });
  await expect(activities.fine(1)).resolves.toBe(2);
  await expect(activities.refuses()).rejects.toMatchObject({ type: 'wrong_stage', nonRetryable: true });
});

test('C12, G5: the books hold months from 2000 to 2100; another month is invalid input', () => {
  expect(() => monthRange('2000-01', 'Asia/Shanghai')).not.toThrow();
  expect(() => monthRange('2100-12', 'Asia/Shanghai')).not.toThrow();
  for (const month of ['0000-01', '9999-12', '1999-12', '2101-01']) {
    expect(() => monthRange(month, 'Asia/Shanghai')).toThrow(AppError);
  }
});

describe('G1: what the workflow tries again later, after an activity ran out of retries', () => {
  const retryable = ApplicationFailure.create({ type: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:5432' });
  const permanentFailure = ApplicationFailure.create({ type: 'ProjectionGap', message: 'no copy', nonRetryable: true });
  const timeout = new TimeoutFailure('activity timed out', undefined, TimeoutType.START_TO_CLOSE);
  // An activity's failure reaches its workflow wrapped; a local activity's, as what the activity threw.
  const asActivity = (cause: Error) => new ActivityFailure('activity failed', 'projectComplaint', '1', RetryState.MAXIMUM_ATTEMPTS_REACHED, 'worker', cause);

  test('an activity or a local activity that kept failing, or timed out, is tried again later', () => {
    for (const err of [asActivity(retryable), asActivity(timeout), retryable, timeout]) expect(mayPassLater(err)).toBe(true);
  });

  test('G5: a failure the activity calls permanent, a cancellation, or an error of the workflow itself is not', () => {
    for (const err of [asActivity(permanentFailure), permanentFailure, new CancelledFailure('cancelled'), new TypeError('x is undefined')]) expect(mayPassLater(err)).toBe(false);
  });

  test('a projection gap is recognised from an activity and from a local activity', () => {
    expect(isActivityFailureOfType(asActivity(permanentFailure), 'ProjectionGap')).toBe(true);
    expect(isActivityFailureOfType(permanentFailure, 'ProjectionGap')).toBe(true);
    expect(isActivityFailureOfType(retryable, 'ProjectionGap')).toBe(false);
  });
});
