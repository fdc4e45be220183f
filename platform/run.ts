// One command for a single machine: the local Temporal server (unless TEMPORAL_ADDRESS names
// another), migrations, the worker and the API. A process that dies is started again after a
// growing pause (platform/supervisor.ts); one that keeps crashing stops the platform. SIGINT and
// SIGTERM stop everything in order: the API, the worker, then Temporal.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Config, ConfigError, loadConfigOrExit } from '../config';
import { newPayloadKeyEntry } from '../config/payloadKeys';
import { migrate } from './database';
import { startLocalTemporal } from './localTemporal';
import { describeCli, findTemporalCli } from './temporalCli';
import { LogFile, lastLines } from './logFile';
import { prettyPrinter, resolveLogFormat } from '../observability/logger';
import { claimPidFile, pidFileOf, portFree, releasePidFile } from './pidFile';
import { type RestartPolicy, type Running, Supervised, type SupervisedSpec, formatDuration, restartPolicyFrom } from './supervisor';

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function warn(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** A path as the person who started the platform would type it: relative below the current folder. */
function shown(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** A word the shell reads as itself (quoted only when it must be). */
function shellWord(text: string): string {
  return /^[\w./@%+=:,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The bootstrap admin token: from the environment, else one kept in the data folder. */
function bootstrapToken(dataDir: string): { token: string; file?: string } {
  if (process.env.BOOTSTRAP_ADMIN_TOKEN) return { token: process.env.BOOTSTRAP_ADMIN_TOKEN };
  const file = path.join(dataDir, 'bootstrap-admin-token');
  if (!fs.existsSync(file)) fs.writeFileSync(file, `asp_${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
  return { token: fs.readFileSync(file, 'utf8').trim(), file };
}

/**
 * The bootstrap admin's initial password (login `admin`): from the environment, else one generated
 * into the data folder. It counts only while that admin has no password of their own.
 */
function bootstrapPassword(dataDir: string): { password: string; file?: string } {
  if (process.env.BOOTSTRAP_ADMIN_PASSWORD) return { password: process.env.BOOTSTRAP_ADMIN_PASSWORD };
  const file = path.join(dataDir, 'bootstrap-admin-password');
  if (!fs.existsSync(file)) fs.writeFileSync(file, `${randomBytes(15).toString('base64url')}\n`, { mode: 0o600 });
  return { password: fs.readFileSync(file, 'utf8').trim(), file };
}

/**
 * G6: the payload keys of this installation. Given in the environment, they are used as they are;
 * otherwise a key is generated once into the data folder (back it up with the database: without it
 * the workflow histories cannot be read). Returns the environment for the processes and where the
 * keys are, for the start banner.
 */
function payloadKeys(config: Config): { env: Record<string, string>; where: string } {
  if (!config.payloadEncryption.enabled) return { env: {}, where: 'none: payload encryption is off (PAYLOAD_ENCRYPTION=false)' };
  if (process.env.PAYLOAD_KEYS) return { env: {}, where: 'given in PAYLOAD_KEYS' };
  if (process.env.PAYLOAD_KEY_FILE) return { env: {}, where: `${shown(path.resolve(process.env.PAYLOAD_KEY_FILE))} (PAYLOAD_KEY_FILE)` };
  const file = path.join(config.temporal.dataDir, 'payload-keys');
  if (!fs.existsSync(file)) fs.writeFileSync(file, `# Keys of the workflow payloads (id=base64key; the first encrypts). Keep with backups.\n${newPayloadKeyEntry('k1')}\n`, { mode: 0o600 });
  return { env: { PAYLOAD_KEY_FILE: file }, where: shown(file) };
}

/**
 * What the runner shows of its processes' output: their JSON log lines as they are, or (LOG_FORMAT
 * pretty, or auto on a terminal) as readable lines. A chunk may end inside a line: the rest waits
 * for the next chunk.
 */
function outputFor(stream: NodeJS.WriteStream, format: 'pretty' | 'json'): (chunk: Buffer) => void {
  if (format === 'json') return (chunk) => void stream.write(chunk);
  const pretty = prettyPrinter(Boolean(stream.isTTY));
  let rest = '';
  return (chunk) => {
    const lines = (rest + chunk.toString('utf8')).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) stream.write(line === '' ? '\n' : pretty(line));
  };
}

/** A Node entry point of the platform (the worker or the API) as a supervised child process. */
function nodeProcess(name: string, entry: string, env: NodeJS.ProcessEnv, log: LogFile, graceMs: number, format: 'pretty' | 'json'): SupervisedSpec {
  // From dist/ the entry points are compiled; from sources (tests) they run through tsx.
  const fromSources = path.extname(__filename) === '.ts';
  const args = [...(fromSources ? ['--require', 'tsx/cjs'] : []), path.join(__dirname, '..', `${entry}${fromSources ? '.ts' : '.js'}`)];
  return {
    name,
    logFile: log.file,
    start: async (): Promise<Running> => {
      const child: ChildProcess = spawn(process.execPath, args, {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group: Ctrl-C reaches this runner only, which then stops the parts in order.
        detached: true,
      });
      // Its output goes to the runner's own output (the terminal, the journal) and to its log file
      // (always JSON lines).
      const toStdout = outputFor(process.stdout, format);
      const toStderr = outputFor(process.stderr, format);
      child.stdout!.on('data', (d: Buffer) => {
        toStdout(d);
        log.write(d);
      });
      child.stderr!.on('data', (d: Buffer) => {
        toStderr(d);
        log.write(d);
      });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
      return {
        pid: child.pid,
        exited,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGTERM');
            const force = setTimeout(() => child.kill('SIGKILL'), graceMs + 10_000);
            await exited;
            clearTimeout(force);
          } else {
            await exited;
          }
        },
      };
    },
  };
}

/** Stops what has started, in order, and exits with `code`; set once main() can stop things. */
let shutdown: ((code: number) => Promise<void>) | undefined;

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  let policy: RestartPolicy;
  try {
    policy = restartPolicyFrom(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    warn(err.message);
    process.exit(1);
  }
  const dataDir = config.temporal.dataDir;
  fs.mkdirSync(dataDir, { recursive: true });
  claimPidFile(dataDir);
  // A port held by another program would make that process fail at every start: say so at once.
  const ports: [string, string, number][] = [[`the API's address (HOST, PORT)`, config.http.host, config.http.port]];
  if (!config.temporal.external) {
    ports.push([`the local Temporal port (TEMPORAL_LOCAL_PORT)`, '127.0.0.1', config.temporal.localPort], [`the Temporal Web UI port (TEMPORAL_UI_PORT)`, '127.0.0.1', config.temporal.uiPort]);
  }
  for (const [what, host, port] of ports) {
    if (port !== 0 && !(await portFree(host, port))) {
      releasePidFile(dataDir);
      throw new Error(`${what} ${host}:${port} is in use by another program: stop it or choose another port`);
    }
  }

  let stopping = false;
  let exitCode = 0;
  const supervised: { temporal?: Supervised; worker?: Supervised; api?: Supervised } = {};
  const logs: LogFile[] = [];
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    say('stopping...');
    // The API stops accepting first, then the worker drains, then the local Temporal server.
    await supervised.api?.stop();
    await supervised.worker?.stop();
    await supervised.temporal?.stop();
    for (const log of logs) log.close();
    releasePidFile(dataDir);
    say('stopped');
    process.exit(exitCode);
  };
  shutdown = stopAll;
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  // Readiness is asked of the API on this machine (PUBLIC_URL may be a proxy's address).
  const localHost = ['0.0.0.0', '::'].includes(config.http.host) ? '127.0.0.1' : config.http.host;
  const readyz = `http://${localHost.includes(':') ? `[${localHost}]` : localHost}:${config.http.port}/readyz`;
  const events = {
    say: (line: string, spec: SupervisedSpec) => {
      warn(line);
      logs.find((l) => l.file === spec.logFile)?.note(line); // the process's own log shows its restarts too
    },
    gaveUp: (spec: SupervisedSpec, crashes: number) => {
      const tail = lastLines(spec.logFile, 10);
      warn(
        `platform: the ${spec.name} crashed ${crashes} times within ${formatDuration(policy.crashWindowMs)}; stopping the platform.\n` +
          `platform: the ${spec.name}'s log is ${spec.logFile}${tail.length ? `; its last lines:\n${tail.map((l) => `    ${l}`).join('\n')}` : ''}`,
      );
      void stopAll(1);
    },
    restarted: (name: string) => {
      if (name === 'api') void waitForReady(readyz, () => stopping).then((ok) => ok && warn('platform: api is ready again'));
    },
  };

  if (!config.temporal.external) {
    const dbFile = path.join(dataDir, 'temporal.db');
    const logFile = path.join(dataDir, 'temporal.log');
    const cli = findTemporalCli();
    for (const line of cli.passedOver) warn(`Temporal CLI: ${line}`);
    if (cli.found && (cli.found.source !== 'built' || cli.passedOver.length)) say(`Temporal CLI: using ${describeCli(cli.found)}`);
    say(`starting Temporal (dev server, persistence in ${shown(dbFile)}, log in ${shown(logFile)})...`);
    const spec: SupervisedSpec = {
      name: 'Temporal dev server',
      logFile,
      start: async () => {
        const t = await startLocalTemporal({
          port: config.temporal.localPort,
          uiPort: config.temporal.uiPort,
          dbFile,
          namespace: config.temporal.namespace,
          logFile,
          codecEndpoint: `${config.http.publicUrl}/api/v1/codec`,
        });
        return { pid: t.process.pid, exited: t.exited.then(() => ({ code: t.process.exitCode, signal: t.process.signalCode })), stop: t.stop };
      },
    };
    supervised.temporal = new Supervised(spec, policy, events);
    await supervised.temporal.start({ failFast: true });
  }
  if (stopping) return;
  migrate(config.databaseUrl);
  const { token, file } = bootstrapToken(dataDir);
  const keys = payloadKeys(config);
  // The processes write JSON lines (their log files); the runner shows them as LOG_FORMAT says.
  const initial = bootstrapPassword(dataDir);
  const env = { ...process.env, ...keys.env, BOOTSTRAP_ADMIN_TOKEN: token, BOOTSTRAP_ADMIN_PASSWORD: initial.password, TEMPORAL_ADDRESS: config.temporal.address, LOG_FORMAT: 'json' };
  const format = resolveLogFormat(config.logFormat);
  const workerLog = new LogFile(path.join(dataDir, 'worker.log'));
  const apiLog = new LogFile(path.join(dataDir, 'api.log'));
  logs.push(workerLog, apiLog);
  supervised.worker = new Supervised(nodeProcess('worker', 'worker/main', env, workerLog, config.shutdownGraceMs, format), policy, events);
  supervised.api = new Supervised(nodeProcess('api', 'api/main', env, apiLog, config.shutdownGraceMs, format), policy, events);
  await supervised.worker.start({ failFast: true });
  await supervised.api.start({ failFast: true });

  if (!(await waitForReady(readyz, () => stopping, 120_000))) {
    if (!stopping) {
      warn(`platform: the API did not become ready at ${readyz} within 2 minutes; see ${apiLog.file} and ${workerLog.file}`);
      await stopAll(1);
    }
    return;
  }
  const me = `${config.http.publicUrl}/api/v1/me`;
  say('');
  say(`After-sales platform is running.`);
  say(`  Workspace:        ${config.http.publicUrl}/   (open it in a browser; the first time sign in as "admin", see below)`);
  say(`  API:              ${config.http.publicUrl}/api/v1   (OpenAPI: ${config.http.publicUrl}/openapi.json)`);
  if (config.http.publicUrl !== `http://${config.http.host}:${config.http.port}`) say(`                    listening on ${config.http.host}:${config.http.port}`);
  if (config.temporal.external) say(`  Temporal:         ${config.temporal.address} (namespace ${config.temporal.namespace})`);
  else say(`  Temporal Web UI:  http://127.0.0.1:${config.temporal.uiPort}/namespaces/${config.temporal.namespace}/workflows   (server ${config.temporal.address})`);
  say(`  Admin token:      ${file ? `in ${shown(file)}` : 'the value of BOOTSTRAP_ADMIN_TOKEN'}`);
  say(`  First sign-in:    login "admin", password "${initial.password}" (${initial.file ? `in ${shown(initial.file)}` : 'BOOTSTRAP_ADMIN_PASSWORD'}); choose your own after signing in (PUT /api/v1/me/password).`);
  say(`                    The initial password works only until it is changed. Sign in with POST ${config.http.publicUrl}/api/v1/session {"login","password"}.`);
  say(`  Payload keys:     ${keys.where}${keys.env.PAYLOAD_KEY_FILE ? '   (back it up: without it the workflow histories cannot be read)' : ''}`);
  say(`  Logs:             ${shown(workerLog.file)}, ${shown(apiLog.file)}${config.temporal.external ? '' : `, ${shown(path.join(dataDir, 'temporal.log'))}`}`);
  say(`  Runner pid:       ${process.pid} (in ${shown(pidFileOf(dataDir))})`);
  say(`  Try:              curl -H "Authorization: Bearer ${file ? `$(cat ${shellWord(shown(file))})` : '$BOOTSTRAP_ADMIN_TOKEN'}" ${me}`);
  say(`Stop with Ctrl-C.`);
}

/** Polls `url` until it answers 200 (true), `cancelled()` holds or `timeoutMs` passes (false). */
async function waitForReady(url: string, cancelled: () => boolean, timeoutMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !cancelled()) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`platform failed to start: ${(err as Error).message}\n`);
    if (shutdown) void shutdown(1); // stops whatever had started, in order
    else process.exit(1);
  });
}
