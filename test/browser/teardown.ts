// Stops the platform the journeys ran against (SIGTERM: the runner stops the API, the worker and
// Temporal in order), and removes its data folder.
import fs from 'node:fs';
import { readState, STATE_FILE, stopPlatform } from './platform';

export default async function globalTeardown(): Promise<void> {
  if (!fs.existsSync(STATE_FILE)) return;
  await stopPlatform(readState());
  fs.rmSync(STATE_FILE, { force: true });
}
