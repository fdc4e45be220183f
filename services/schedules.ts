// The platform's Temporal Schedules (S13/S20 daily job, C12/P1 monthly report) are kept by the
// worker at start-up: created when missing, brought up to the current configuration when present
// (another worker, a restart), deleted when the configuration turns the job off. There is always
// at most one per task queue.
import { type Client, ScheduleAlreadyRunning, ScheduleNotFoundError, type ScheduleOptions, type ScheduleOptionsAction, type ScheduleSpec } from '@temporalio/client';

export type ScheduleOutcome = 'created' | 'updated' | 'deleted' | 'disabled';

export async function keepSchedule(
  client: Client,
  scheduleId: string,
  wanted: { enabled: boolean; spec: ScheduleSpec; action: ScheduleOptionsAction; policies: NonNullable<ScheduleOptions['policies']> },
): Promise<ScheduleOutcome> {
  const handle = client.schedule.getHandle(scheduleId);
  if (!wanted.enabled) {
    try {
      await handle.delete();
      return 'deleted';
    } catch (err) {
      if (err instanceof ScheduleNotFoundError) return 'disabled';
      throw err;
    }
  }
  const { spec, action, policies } = wanted;
  try {
    await client.schedule.create({ scheduleId, spec, action, policies });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await handle.update((previous) => ({ ...previous, spec, action, policies: { ...previous.policies, ...policies } }));
    return 'updated';
  }
}
