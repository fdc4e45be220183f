// Stops the platform the journeys ran against (SIGTERM: the runner stops the API, the worker and
// Temporal in order), and removes its data folder.
import fs from 'node:fs';
import { readState, STATE_FILE } from './platform';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export default async function globalTeardown(): Promise<void> {
  if (!fs.existsSync(STATE_FILE)) return;
  const state = readState();
  if (alive(state.pid)) {
    process.kill(state.pid, 'SIGTERM');
    const deadline = Date.now() + 60_000;
    while (alive(state.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    if (alive(state.pid)) process.kill(-state.pid, 'SIGKILL');
  }
  if (!process.env.KEEP_BROWSER_DATA) fs.rmSync(state.dataDir, { recursive: true, force: true });
  fs.rmSync(STATE_FILE, { force: true });
}
