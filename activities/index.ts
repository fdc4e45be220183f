// All activities, built with the process's clients.
import type { Database } from '../db/client';
import { createComplaintActivities } from './complaint';

export function createActivities(deps: { db: Database; timeZone: string }) {
  return { ...createComplaintActivities(deps) };
}
