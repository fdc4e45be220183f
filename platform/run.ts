// One command for a single machine: the local Temporal server (unless TEMPORAL_ADDRESS names
// another), migrations, the worker and the API, stopped cleanly together on SIGINT/SIGTERM.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Config, loadConfigOrExit } from '../config';
import { newPayloadKeyEntry } from '../config/payloadKeys';
import { migrate } from './database';
import { type LocalTemporal, startLocalTemporal } from './localTemporal';

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** The bootstrap admin token: from the environment, else one kept in the data folder. */
function bootstrapToken(dataDir: string): { token: string; file?: string } {
  if (process.env.BOOTSTRAP_ADMIN_TOKEN) return { token: process.env.BOOTSTRAP_ADMIN_TOKEN };
  const file = path.join(dataDir, 'bootstrap-admin-token');
  if (!fs.existsSync(file)) fs.writeFileSync(file, `asp_${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
  return { token: fs.readFileSync(file, 'utf8').trim(), file };
}

/**
 * G6: the payload keys of this installation. Given in the environment, they are used as they are;
 * otherwise a key is generated once into the data folder (back it up with the database: without it
 * the workflow histories cannot be read).
 */
function payloadKeyEnv(config: Config): Record<string, string> {
  if (!config.payloadEncryption.enabled || config.payloadEncryption.keys) return {};
  const file = path.join(config.temporal.dataDir, 'payload-keys');
  if (!fs.existsSync(file)) fs.writeFileSync(file, `# Keys of the workflow payloads (id=base64key; the first encrypts). Keep with backups.\n${newPayloadKeyEntry('k1')}\n`, { mode: 0o600 });
  return { PAYLOAD_KEY_FILE: file };
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  fs.mkdirSync(config.temporal.dataDir, { recursive: true });
  let temporal: LocalTemporal | undefined;
  if (!config.temporal.external) {
    say(`starting Temporal (dev server, persistence in ${path.join(config.temporal.dataDir, 'temporal.db')})...`);
    temporal = await startLocalTemporal({
      port: config.temporal.localPort,
      uiPort: config.temporal.uiPort,
      dbFile: path.join(config.temporal.dataDir, 'temporal.db'),
      namespace: config.temporal.namespace,
      logFile: path.join(config.temporal.dataDir, 'temporal.log'),
      codecEndpoint: `${config.http.publicUrl}/api/v1/codec`,
    });
  }
  try {
    migrate(config.databaseUrl);
  } catch (err) {
    await temporal?.stop();
    throw err;
  }
  const { token, file } = bootstrapToken(config.temporal.dataDir);
  const env = { ...process.env, ...payloadKeyEnv(config), BOOTSTRAP_ADMIN_TOKEN: token, TEMPORAL_ADDRESS: config.temporal.address };
  // From dist/ the entry points are compiled; from sources (tests) they run through tsx.
  const fromSources = path.extname(__filename) === '.ts';
  const node = (entry: string): ChildProcess =>
    spawn(process.execPath, [...(fromSources ? ['--require', 'tsx/cjs'] : []), path.join(__dirname, '..', `${entry}${fromSources ? '.ts' : '.js'}`)], {
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
      // Its own process group: Ctrl-C reaches this runner only, which then stops the parts in order.
      detached: true,
    });
  const children = [node('worker/main'), node('api/main')];

  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping...');
    // The API stops accepting first, then the worker drains, then the local Temporal server.
    for (const child of [...children].reverse()) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const force = setTimeout(() => child.kill('SIGKILL'), config.shutdownGraceMs + 10_000);
        await exited;
        clearTimeout(force);
      }
    }
    await temporal?.stop();
    say('stopped');
    process.exit(code);
  };
  for (const child of children) {
    child.once('exit', (code, signal) => {
      if (!stopping) {
        process.stderr.write(`a platform process exited (${signal ?? code}); stopping the rest\n`);
        void stopAll(1);
      }
    });
  }
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  await waitForReady(`${config.http.publicUrl}/readyz`);
  say('');
  say(`After-sales platform is running.`);
  say(`  API:              ${config.http.publicUrl}/api/v1   (OpenAPI: ${config.http.publicUrl}/openapi.json)`);
  if (temporal) say(`  Temporal Web UI:  http://127.0.0.1:${config.temporal.uiPort}`);
  else say(`  Temporal:         ${config.temporal.address} (namespace ${config.temporal.namespace})`);
  say(`  Admin token:      ${file ? `in ${path.relative(process.cwd(), file)}` : 'BOOTSTRAP_ADMIN_TOKEN'}`);
  say(`  Try:              curl -H "Authorization: Bearer $(cat ${file ? path.relative(process.cwd(), file) : '<token>'})" ${config.http.publicUrl}/api/v1/me`);
  say(`Stop with Ctrl-C.`);
}

async function waitForReady(url: string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not become ready`);
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`platform failed to start: ${(err as Error).message}\n`);
    process.exit(1);
  });
}
