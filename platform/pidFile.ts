// The runner's pid file (`<TEMPORAL_DATA_DIR>/platform.pid`) and the questions "is the platform
// running on this data folder?" (a second start, a restore) and "is this port taken?" (a start).
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const pidFileOf = (dataDir: string) => path.join(dataDir, 'platform.pid');

/** True when `pid` is a live process that looks like the runner (platform/run). */
function isRunner(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: alive, owned by someone else; ESRCH: gone.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`platform${path.sep}run`);
  } catch {
    return true; // no /proc here: a live process with that pid is taken to be the runner
  }
}

/** The pid of a live runner on this data folder, if there is one (a stale file is ignored). */
export function runnerPid(dataDir: string): number | undefined {
  let text: string;
  try {
    text = fs.readFileSync(pidFileOf(dataDir), 'utf8').trim();
  } catch {
    return undefined;
  }
  const pid = Number(text);
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && isRunner(pid) ? pid : undefined;
}

/** Writes this process's pid; refuses when another live runner holds the data folder. */
export function claimPidFile(dataDir: string): void {
  const other = runnerPid(dataDir);
  if (other !== undefined) {
    throw new Error(`the platform is already running on ${dataDir} (pid ${other}, see ${pidFileOf(dataDir)}); stop it first`);
  }
  fs.writeFileSync(pidFileOf(dataDir), `${process.pid}\n`);
}

export function releasePidFile(dataDir: string): void {
  try {
    if (fs.readFileSync(pidFileOf(dataDir), 'utf8').trim() === String(process.pid)) fs.rmSync(pidFileOf(dataDir));
  } catch {
    // already gone
  }
}

/** True when something accepts TCP connections on host:port within a second. */
export function portAnswers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** True when this process could listen on host:port now (nothing else holds it). */
export function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}
