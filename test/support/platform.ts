// The whole platform as the README starts it (platform/run.ts: local Temporal with file persistence,
// migrations, worker, API), in its own process group, driven over real HTTP.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../config';
import { createTestDatabaseUrl } from './database';
import { bearer } from './fixtures';
import { freePort } from '../../platform/ports';

export interface RunningPlatform {
  child: ChildProcess;
  output: () => string;
}

const started: ChildProcess[] = [];

/** The processes the runner `pid` started (Temporal, worker, API: each in its own process group). */
function childrenOf(pid: number): { pid: number; args: string }[] {
  const ps = spawnSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' });
  return ps.stdout
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), args: m[2]! }));
}

/** Kills whatever a failed test left running (call from afterAll). */
export function killStartedPlatforms(): void {
  for (const child of started) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    for (const grandchild of childrenOf(child.pid!)) {
      try {
        process.kill(-grandchild.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** The pid of one of the processes a running platform supervises. */
export function platformProcess(running: RunningPlatform, which: 'worker' | 'api' | 'temporal'): number {
  const pattern = { worker: /worker[/\\]main\.ts/, api: /api[/\\]main\.ts/, temporal: /temporal server start-dev/ }[which];
  const found = childrenOf(running.child.pid!).find((c) => pattern.test(c.args));
  if (!found) throw new Error(`no ${which} process under the runner ${running.child.pid}`);
  return found.pid;
}

/** Waits until the platform's output (from `from` on) matches `pattern`; returns that part of the output. */
export async function waitForOutput(running: RunningPlatform, pattern: RegExp, from = 0, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(running.output().slice(from))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${pattern} in the platform's output:\n${running.output().slice(from)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return running.output().slice(from);
}

/** The environment of a fresh platform: its own database, Temporal data folder and ports. */
export type PlatformEnv = Record<string, string> & {
  PORT: string;
  BOOTSTRAP_ADMIN_TOKEN: string;
  DATABASE_URL: string;
  TEMPORAL_DATA_DIR: string;
  TEMPORAL_LOCAL_PORT: string;
  TEMPORAL_UI_PORT: string;
};

export async function platformEnv(extra: Record<string, string> = {}): Promise<PlatformEnv> {
  delete process.env.TEMPORAL_ADDRESS;
  return {
    DATABASE_URL: await createTestDatabaseUrl(),
    TEMPORAL_DATA_DIR: fs.mkdtempSync(path.join(process.env.TEST_TMP_DIR ?? os.tmpdir(), 'platform-')),
    TEMPORAL_LOCAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    PORT: String(await freePort()),
    BOOTSTRAP_ADMIN_TOKEN: 'platform-test-admin-token',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

/** Starts platform/run.ts with `env` over this process's environment (an undefined value unsets the variable). */
export function startPlatform(env: Record<string, string | undefined>): Promise<RunningPlatform> {
  const merged: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete merged[name];
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(REPO_ROOT, 'platform', 'run.ts')], {
    cwd: REPO_ROOT,
    env: merged,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so that a failed test can stop all of it
  });
  started.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`platform did not start:\n${out}`)), 150_000);
    child.stdout!.on('data', () => {
      if (out.includes('Stop with Ctrl-C.')) {
        clearTimeout(timer);
        resolve({ child, output: () => out });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`platform exited with ${code}:\n${out}`));
    });
  });
}

/** SIGTERM, as Ctrl-C's runner would get; resolves with the exit code. */
export async function stopPlatform(running: RunningPlatform): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => running.child.once('exit', (code) => resolve(code)));
  running.child.kill('SIGTERM');
  return exited;
}

export interface HttpResult {
  status: number;
  body: Record<string, any>;
  text: string;
  headers: Headers;
}

/** A tiny JSON client for the platform's API at `base`. */
export function platformHttp(base: string) {
  return async (method: string, url: string, token: string | null, body?: unknown): Promise<HttpResult> => {
    const res = await fetch(base + url, {
      method,
      headers: { ...(token ? bearer(token) : {}), 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: Record<string, any> = {};
    try {
      parsed = JSON.parse(text) as Record<string, any>;
    } catch {
      // not JSON (a page)
    }
    return { status: res.status, body: parsed, text, headers: res.headers };
  };
}
