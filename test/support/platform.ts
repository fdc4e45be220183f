// The whole platform as the README starts it (platform/run.ts: local Temporal with file persistence,
// migrations, worker, API), in its own process group, driven over real HTTP.
import { type ChildProcess, spawn } from 'node:child_process';
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

/** Kills whatever a failed test left running (call from afterAll). */
export function killStartedPlatforms(): void {
  for (const child of started) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** The environment of a fresh platform: its own database, Temporal data folder and ports. */
export type PlatformEnv = Record<string, string> & { PORT: string; BOOTSTRAP_ADMIN_TOKEN: string; DATABASE_URL: string };

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

export function startPlatform(env: Record<string, string>): Promise<RunningPlatform> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(REPO_ROOT, 'platform', 'run.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
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
