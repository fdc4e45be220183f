// A local Temporal server: the Temporal CLI's dev server (the real server in one process) with
// SQLite file persistence, started for a single machine and for the tests.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '../temporal/searchAttributes';
import { temporalCliPath } from './temporalCli';


export interface LocalTemporalOptions {
  port: number;
  uiPort?: number;
  /** SQLite file for persistence; omitted → memory only (tests). */
  dbFile?: string;
  namespace?: string;
  logFile?: string;
  /** The Web UI decodes encrypted payloads through this codec endpoint (G6). */
  codecEndpoint?: string;
}

export interface LocalTemporal {
  address: string;
  process: ChildProcess;
  /** Resolves when the server process has exited, for whatever reason. */
  exited: Promise<void>;
  stop(): Promise<void>;
}

export async function waitForTemporal(address: string, namespace: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`Temporal at ${address} did not answer within ${timeoutMs} ms: ${(lastError as Error)?.message}`);
}

export async function startLocalTemporal(options: LocalTemporalOptions): Promise<LocalTemporal> {
  const cli = temporalCliPath();
  const namespace = options.namespace ?? 'default';
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(options.port),
    '--namespace', namespace,
    '--log-level', 'warn',
    ...(options.uiPort ? ['--ui-port', String(options.uiPort), '--ui-ip', '127.0.0.1'] : ['--headless']),
    // WAL: a backup (scripts/backup.ts) reads a consistent copy while the server keeps writing;
    // the busy timeout lets the server wait out a moment's lock instead of failing a write.
    ...(options.dbFile ? ['--db-filename', options.dbFile, '--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'busy_timeout=10000'] : []),
    ...(options.uiPort && options.codecEndpoint ? ['--ui-codec-endpoint', options.codecEndpoint] : []),
    ...Object.entries(SEARCH_ATTRIBUTES).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]),
  ];
  if (options.dbFile) fs.mkdirSync(path.dirname(options.dbFile), { recursive: true });
  const log = options.logFile ? fs.openSync(options.logFile, 'a') : 'ignore';
  // Its own process group, so that a Ctrl-C meant for the platform does not stop it before the worker has drained.
  const child = spawn(cli, args, { stdio: ['ignore', log, log], detached: true });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const address = `127.0.0.1:${options.port}`;
  let logOpen = typeof log === 'number';
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (logOpen && typeof log === 'number') {
      logOpen = false;
      fs.closeSync(log);
    }
  };
  try {
    await Promise.race([
      waitForTemporal(address, namespace),
      exited.then(() => {
        throw new Error(`the Temporal dev server exited (${child.signalCode ?? `exit code ${child.exitCode}`}) before answering${options.logFile ? `; see ${options.logFile}` : ''}`);
      }),
    ]);
  } catch (err) {
    await stop();
    throw err;
  }
  return { address, process: child, exited, stop };
}
