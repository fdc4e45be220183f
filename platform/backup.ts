// Backup and restore of a single-machine installation (scripts/backup.ts, scripts/restore.ts; see
// docs/OPERATIONS.md): the platform database (SQLite through the online backup API, PostgreSQL
// with pg_dump in custom format), the local Temporal dev server's database, and the secrets the
// histories and tokens need (the payload key file, the bootstrap admin token), with a manifest.
//
// The two databases are copied at one instant: writes to the platform database are held (a write
// lock on SQLite, EXCLUSIVE table locks on PostgreSQL) while Temporal's file is copied, so a
// restored pair is a state the platform was really in. Temporal keeps running meanwhile; an
// activity whose database write waits is simply completed after the pause.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Client as PgClient } from 'pg';
import { type Config, REPO_ROOT, platformRelease } from '../config';
import { parsePayloadKeys } from '../config/payloadKeys';
import { sqliteFilePath } from '../db/client';
import { pidFileOf, portAnswers, runnerPid } from './pidFile';

export const MANIFEST = 'manifest.json';
const PLATFORM_SQLITE = 'platform.sqlite';
const PLATFORM_PGDUMP = 'platform.pgdump';
const TEMPORAL_DB = 'temporal.db';

export interface CopiedFile {
  /** Name inside the backup folder. */
  file: string;
  /** Where it was copied from. */
  source: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  format: 1;
  createdAt: string;
  platform: { version: string; commit: string | null };
  database:
    | ({ kind: 'sqlite' } & CopiedFile)
    | ({ kind: 'postgresql'; format: 'pg_dump custom'; serverVersion: string; pgDump: string } & CopiedFile);
  temporal: ({ kind: 'local dev server' } & CopiedFile) | { kind: 'external'; address: string; namespace: string; note: string } | { kind: 'local dev server, never started'; note: string };
  secrets: ({ name: 'payload-keys'; keyIds: string[] } & CopiedFile | { name: 'bootstrap-admin-token' } & CopiedFile)[];
  notes: string[];
  /** How long writes to the platform database were held while Temporal's database was copied. */
  writesPausedMs: number | null;
}

type Say = (line: string) => void;

// ---------------------------------------------------------------------------------------------
// Helpers

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function described(dir: string, file: string, source: string): Promise<CopiedFile> {
  const full = path.join(dir, file);
  return { file, source, bytes: fs.statSync(full).size, sha256: await sha256(full) };
}

/** A consistent copy of a live SQLite database (the online backup API, all pages in one step). */
async function backupSqlite(source: string, target: string): Promise<void> {
  const db = new BetterSqlite3(source, { fileMustExist: true, timeout: 30_000 });
  try {
    // The first step only measures; returning the largest count makes the second copy every page
    // under one read lock, so a writer in another process cannot force a restart half-way.
    await db.backup(target, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  fs.chmodSync(target, 0o600);
}

function platformVersion(): Manifest['platform'] {
  const git = spawnSync('git', ['-C', REPO_ROOT, 'rev-parse', 'HEAD'], { encoding: 'utf8' });
  return { version: platformRelease().version, commit: git.status === 0 ? git.stdout.trim() : null };
}

/** The payload key file the platform reads: PAYLOAD_KEY_FILE, else the one the runner generates. */
function payloadKeyFile(config: Config, env: NodeJS.ProcessEnv): string {
  return env.PAYLOAD_KEY_FILE ? path.resolve(env.PAYLOAD_KEY_FILE) : path.join(config.temporal.dataDir, 'payload-keys');
}

const keyIds = (file: string) => parsePayloadKeys(fs.readFileSync(file, 'utf8')).map((k) => k.id);

/** `postgresql://user:secret@host/db?schema=x` → a URL without the password and the parameters libpq does not know, and the password apart. */
export function libpqTarget(url: string): { url: string; password?: string; shown: string } {
  const u = new URL(url);
  const password = u.password ? decodeURIComponent(u.password) : undefined;
  u.password = '';
  const known = new Set(['sslmode', 'sslcert', 'sslkey', 'sslrootcert', 'sslpassword', 'application_name', 'connect_timeout', 'options', 'target_session_attrs', 'host', 'port', 'user', 'dbname', 'gssencmode', 'channel_binding']);
  for (const name of [...u.searchParams.keys()]) if (!known.has(name)) u.searchParams.delete(name);
  return { url: u.toString(), password, shown: `${u.protocol}//${u.username ? `${u.username}@` : ''}${u.host}${u.pathname}` };
}

/**
 * pg_dump / pg_restore for a server of major version `major`: Debian's client of that version
 * (/usr/lib/postgresql/<major>/bin) when installed, else the oldest installed newer one, else the
 * one on PATH when it is at least that version.
 */
export function pgTool(name: 'pg_dump' | 'pg_restore', major: number): string {
  const versionOf = (bin: string): number | null => {
    const run = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    const m = run.status === 0 ? /\(PostgreSQL\) (\d+)/.exec(run.stdout) : null;
    return m ? Number(m[1]) : null;
  };
  const debian = '/usr/lib/postgresql';
  const installed = fs.existsSync(debian)
    ? fs
        .readdirSync(debian)
        .filter((v) => /^\d+$/.test(v) && fs.existsSync(path.join(debian, v, 'bin', name)))
        .map(Number)
        .sort((a, b) => a - b)
    : [];
  const fit = installed.find((v) => v === major) ?? installed.find((v) => v > major);
  if (fit !== undefined) return path.join(debian, String(fit), 'bin', name);
  const onPath = versionOf(name);
  if (onPath !== null && onPath >= major) return name;
  throw new Error(
    `${name} for PostgreSQL ${major} is not installed${onPath !== null ? ` (the ${name} on PATH is version ${onPath})` : ''}: ` +
      `install Debian's postgresql-client-${major} (apt-get install postgresql-client-${major}; from apt.postgresql.org when the release lacks it)`,
  );
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'inherit', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} failed (${signal ?? `exit code ${code}`}): ${err.trim()}`))));
  });
}

async function pgServerMajor(client: PgClient): Promise<{ major: number; version: string }> {
  const { rows } = await client.query<{ server_version_num: string; server_version: string }>('SELECT current_setting($1) AS server_version_num, current_setting($2) AS server_version', ['server_version_num', 'server_version']);
  return { major: Math.floor(Number(rows[0]!.server_version_num) / 10_000), version: rows[0]!.server_version };
}

async function pgUserTables(client: PgClient): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

// ---------------------------------------------------------------------------------------------
// Backup

/** The default folder: `<TEMPORAL_DATA_DIR>/backups/<UTC timestamp>`. */
export function defaultBackupDir(config: Config, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z'); // 20261130T124005Z
  return path.join(config.temporal.dataDir, 'backups', stamp);
}

/**
 * Holds writes to the platform database while `whilePaused` runs (it copies Temporal's database),
 * and copies the platform database as it was at that instant.
 */
async function copyPlatformDatabase(config: Config, dir: string, whilePaused: () => Promise<void>, say: Say): Promise<{ database: Manifest['database']; pausedMs: number }> {
  if (config.databaseProvider === 'sqlite') {
    const file = path.resolve(sqliteFilePath(config.databaseUrl));
    if (!fs.existsSync(file)) throw new Error(`the platform database ${file} does not exist (DATABASE_URL)`);
    const lock = new BetterSqlite3(file, { fileMustExist: true, timeout: 30_000 });
    let pausedMs: number;
    try {
      lock.exec('BEGIN IMMEDIATE'); // waits for a writer in progress, then holds the others
      const paused = Date.now();
      try {
        await whilePaused();
        await backupSqlite(file, path.join(dir, PLATFORM_SQLITE));
      } finally {
        lock.exec('ROLLBACK');
        pausedMs = Date.now() - paused;
      }
    } finally {
      lock.close();
    }
    say(`  platform database (SQLite ${file}) copied`);
    return { database: { kind: 'sqlite', ...(await described(dir, PLATFORM_SQLITE, file)) }, pausedMs };
  }

  const target = libpqTarget(config.databaseUrl);
  const locker = new PgClient({ connectionString: config.databaseUrl });
  const snapshot = new PgClient({ connectionString: config.databaseUrl });
  await locker.connect();
  await snapshot.connect();
  try {
    const server = await pgServerMajor(locker);
    const pgDump = pgTool('pg_dump', server.major);
    const tables = await pgUserTables(locker);
    let pausedMs = 0;
    // Writers are held by EXCLUSIVE locks on every table (readers go on). The locks are taken all at
    // once or not at all (NOWAIT), between the platform's short write transactions: waiting for one
    // table while holding another could deadlock with a writer and cost it its transaction.
    for (let attempt = 1; ; attempt++) {
      await locker.query('BEGIN');
      try {
        if (tables.length) await locker.query(`LOCK TABLE ${tables.join(', ')} IN EXCLUSIVE MODE NOWAIT`);
        break;
      } catch (err) {
        await locker.query('ROLLBACK');
        if ((err as { code?: string }).code !== '55P03' || attempt >= 300) {
          throw new Error(`could not hold writes to the platform database for the backup: ${(err as Error).message}`);
        }
        await new Promise((r) => setTimeout(r, 20 + Math.random() * 80));
      }
    }
    const paused = Date.now();
    let snapshotId: string;
    try {
      // The state at this instant, for pg_dump; then Temporal's copy; then writers resume.
      await snapshot.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      snapshotId = (await snapshot.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0]!.id;
      await whilePaused();
    } finally {
      await locker.query('COMMIT').catch(() => undefined);
      pausedMs = Date.now() - paused;
    }
    const out = path.join(dir, PLATFORM_PGDUMP);
    await run(pgDump, ['--format=custom', `--snapshot=${snapshotId}`, '--no-owner', '--no-privileges', `--file=${out}`, `--dbname=${target.url}`], {
      ...process.env,
      ...(target.password ? { PGPASSWORD: target.password } : {}),
    });
    fs.chmodSync(out, 0o600);
    say(`  platform database (PostgreSQL ${target.shown}, server ${server.version}) dumped with ${pgDump}`);
    return {
      database: { kind: 'postgresql', format: 'pg_dump custom', serverVersion: server.version, pgDump, ...(await described(dir, PLATFORM_PGDUMP, target.shown)) },
      pausedMs,
    };
  } finally {
    await snapshot.end().catch(() => undefined);
    await locker.end().catch(() => undefined);
  }
}

export async function backup(config: Config, options: { dir?: string; env?: NodeJS.ProcessEnv; say?: Say } = {}): Promise<{ dir: string; manifest: Manifest }> {
  const env = options.env ?? process.env;
  const say = options.say ?? ((l: string) => process.stdout.write(`${l}\n`));
  const dir = path.resolve(options.dir ?? defaultBackupDir(config));
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) throw new Error(`${dir} is not empty: give a new folder for the backup`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  say(`backing up into ${dir}`);
  const notes: string[] = [];

  let temporal: Manifest['temporal'];
  const temporalFile = path.join(config.temporal.dataDir, TEMPORAL_DB);
  const copyTemporal = async () => {
    if (config.temporal.external) return;
    if (!fs.existsSync(temporalFile)) return;
    await backupSqlite(temporalFile, path.join(dir, TEMPORAL_DB));
  };
  const { database, pausedMs } = await copyPlatformDatabase(config, dir, copyTemporal, say);
  if (config.temporal.external) {
    temporal = {
      kind: 'external',
      address: config.temporal.address,
      namespace: config.temporal.namespace,
      note: "Temporal runs elsewhere (TEMPORAL_ADDRESS): back up its persistence and visibility databases with the cluster's own tooling (docs/OPERATIONS.md)",
    };
    notes.push(temporal.note);
    say(`  Temporal at ${config.temporal.address} is not part of this backup (see docs/OPERATIONS.md)`);
  } else if (fs.existsSync(path.join(dir, TEMPORAL_DB))) {
    temporal = { kind: 'local dev server', ...(await described(dir, TEMPORAL_DB, temporalFile)) };
    say(`  Temporal's database (${temporalFile}) copied; platform writes were held ${pausedMs} ms meanwhile`);
  } else {
    temporal = { kind: 'local dev server, never started', note: `${temporalFile} did not exist` };
    notes.push(temporal.note);
  }

  const secrets: Manifest['secrets'] = [];
  if (!config.payloadEncryption.enabled) notes.push('payload encryption is off (PAYLOAD_ENCRYPTION=false): there are no payload keys');
  else if (env.PAYLOAD_KEYS) notes.push('the payload keys are given in PAYLOAD_KEYS and are not in this backup: keep them with it, the workflow histories cannot be read without them');
  else {
    const keys = payloadKeyFile(config, env);
    if (fs.existsSync(keys)) {
      fs.copyFileSync(keys, path.join(dir, 'payload-keys'));
      fs.chmodSync(path.join(dir, 'payload-keys'), 0o600);
      secrets.push({ name: 'payload-keys', keyIds: keyIds(keys), ...(await described(dir, 'payload-keys', keys)) });
      say(`  payload keys (${keys}) copied`);
    } else notes.push(`no payload key file at ${keys}`);
  }
  const token = path.join(config.temporal.dataDir, 'bootstrap-admin-token');
  if (fs.existsSync(token)) {
    fs.copyFileSync(token, path.join(dir, 'bootstrap-admin-token'));
    fs.chmodSync(path.join(dir, 'bootstrap-admin-token'), 0o600);
    secrets.push({ name: 'bootstrap-admin-token', ...(await described(dir, 'bootstrap-admin-token', token)) });
    say(`  bootstrap admin token (${token}) copied`);
  }

  const manifest: Manifest = {
    format: 1,
    createdAt: new Date().toISOString(),
    platform: platformVersion(),
    database,
    temporal,
    secrets,
    notes,
    writesPausedMs: config.temporal.external ? null : pausedMs,
  };
  fs.writeFileSync(path.join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  for (const note of notes) say(`  note: ${note}`);
  say(`backup complete: ${dir}`);
  return { dir, manifest };
}

// ---------------------------------------------------------------------------------------------
// Restore

/** Why the platform counts as running on this configuration, or null. */
export async function platformRunning(config: Config): Promise<string | null> {
  const pid = runnerPid(config.temporal.dataDir);
  if (pid !== undefined) return `its runner is process ${pid}, see ${pidFileOf(config.temporal.dataDir)}`;
  const apiHost = config.http.host === '0.0.0.0' || config.http.host === '::' ? '127.0.0.1' : config.http.host;
  if (await portAnswers(apiHost, config.http.port)) return `something answers on the API's address ${apiHost}:${config.http.port}`;
  if (!config.temporal.external && (await portAnswers('127.0.0.1', config.temporal.localPort))) return `something answers on the local Temporal port 127.0.0.1:${config.temporal.localPort}`;
  return null;
}

function removeSqliteFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${file}${suffix}`, { force: true });
}

/** Copies `from` to `to` through a temporary file, so a half-written file never has the final name. */
function putFile(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const temp = `${to}.restoring`;
  fs.copyFileSync(from, temp);
  fs.chmodSync(temp, 0o600);
  fs.renameSync(temp, to);
}

export async function restore(config: Config, dirArg: string, options: { force?: boolean; env?: NodeJS.ProcessEnv; say?: Say } = {}): Promise<Manifest> {
  const env = options.env ?? process.env;
  const say = options.say ?? ((l: string) => process.stdout.write(`${l}\n`));
  const force = options.force ?? false;
  const dir = path.resolve(dirArg);
  const manifestFile = path.join(dir, MANIFEST);
  if (!fs.existsSync(manifestFile)) throw new Error(`${manifestFile} does not exist: not a backup folder`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
  if (manifest.format !== 1) throw new Error(`${manifestFile}: unknown backup format ${String(manifest.format)}`);

  const running = await platformRunning(config);
  if (running) throw new Error(`the platform is running (${running}); stop it before restoring`);

  // The backup must be whole before anything is overwritten.
  const files: CopiedFile[] = [manifest.database, ...('file' in manifest.temporal ? [manifest.temporal] : []), ...manifest.secrets];
  for (const f of files) {
    const full = path.join(dir, f.file);
    if (!fs.existsSync(full)) throw new Error(`the backup is incomplete: ${full} is missing`);
    if ((await sha256(full)) !== f.sha256) throw new Error(`the backup is damaged: ${full} does not match its checksum in ${MANIFEST}`);
  }
  if (manifest.database.kind !== config.databaseProvider) {
    throw new Error(`the backup holds a ${manifest.database.kind} database but DATABASE_URL names ${config.databaseProvider}: restore into the same kind`);
  }
  if (!('file' in manifest.temporal) && !config.temporal.external && !force) {
    throw new Error(
      `the backup has no Temporal database (${manifest.temporal.kind}: ${manifest.temporal.note}); the workflows of its cases would be missing. ` +
        'Restore Temporal from its own backup first, or add --force to restore the rest anyway',
    );
  }

  // What would be overwritten.
  const temporalTarget = path.join(config.temporal.dataDir, TEMPORAL_DB);
  const keysTarget = payloadKeyFile(config, env);
  const tokenTarget = path.join(config.temporal.dataDir, 'bootstrap-admin-token');
  const existing: string[] = [];
  const sqliteTarget = config.databaseProvider === 'sqlite' ? path.resolve(sqliteFilePath(config.databaseUrl)) : undefined;
  if (sqliteTarget && fs.existsSync(sqliteTarget)) existing.push(sqliteTarget);
  let pg: PgClient | undefined;
  let pgMajor = 0;
  if (config.databaseProvider === 'postgresql') {
    pg = new PgClient({ connectionString: config.databaseUrl });
    await pg.connect();
    const others = await pg.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    if (Number(others.rows[0]!.n) > 0) {
      await pg.end();
      throw new Error(`${others.rows[0]!.n} other session(s) are connected to ${libpqTarget(config.databaseUrl).shown}: stop the API and worker processes before restoring`);
    }
    if ((await pgUserTables(pg)).length > 0) existing.push(`the tables of ${libpqTarget(config.databaseUrl).shown}`);
    pgMajor = (await pgServerMajor(pg)).major;
    await pg.end();
  }
  if ('file' in manifest.temporal && !config.temporal.external && fs.existsSync(temporalTarget)) existing.push(temporalTarget);
  for (const s of manifest.secrets) {
    const target = s.name === 'payload-keys' ? keysTarget : tokenTarget;
    if (fs.existsSync(target)) existing.push(target);
  }
  if (existing.length && !force) throw new Error(`restoring would overwrite ${existing.join(', ')}: add --force to replace them`);

  say(`restoring the backup of ${manifest.createdAt} (platform ${manifest.platform.version}${manifest.platform.commit ? ` at ${manifest.platform.commit.slice(0, 12)}` : ''}) from ${dir}`);
  fs.mkdirSync(config.temporal.dataDir, { recursive: true });

  if (manifest.database.kind === 'sqlite') {
    removeSqliteFiles(sqliteTarget!);
    putFile(path.join(dir, manifest.database.file), sqliteTarget!);
    say(`  platform database → ${sqliteTarget}`);
  } else {
    const dumpMajor = Number(/^(\d+)/.exec(manifest.database.serverVersion)?.[1] ?? 0);
    const pgRestore = pgTool('pg_restore', Math.max(pgMajor, dumpMajor));
    const target = libpqTarget(config.databaseUrl);
    await run(
      pgRestore,
      ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${target.url}`, path.join(dir, manifest.database.file)],
      { ...process.env, ...(target.password ? { PGPASSWORD: target.password } : {}) },
    );
    say(`  platform database → ${target.shown} (pg_restore --clean with ${pgRestore})`);
  }

  if ('file' in manifest.temporal) {
    if (config.temporal.external) {
      say(`  Temporal's database left out: TEMPORAL_ADDRESS names an external server (${config.temporal.address})`);
    } else {
      removeSqliteFiles(temporalTarget);
      putFile(path.join(dir, manifest.temporal.file), temporalTarget);
      say(`  Temporal's database → ${temporalTarget}`);
    }
  }
  for (const s of manifest.secrets) {
    const target = s.name === 'payload-keys' ? keysTarget : tokenTarget;
    putFile(path.join(dir, s.file), target);
    say(`  ${s.name} → ${target}`);
    if (s.name === 'payload-keys' && env.PAYLOAD_KEYS) {
      const configured = parsePayloadKeys(env.PAYLOAD_KEYS).map((k) => k.id);
      const missing = s.keyIds.filter((id) => !configured.includes(id));
      say(`  note: PAYLOAD_KEYS is set and is used instead of that file${missing.length ? `; it lacks key(s) ${missing.join(', ')} of the backup, without which its histories cannot be read` : ''}`);
    }
  }
  for (const note of manifest.notes) say(`  note from the backup: ${note}`);
  say('restore complete: start the platform (npm start); timers that fell due meanwhile fire at once');
  return manifest;
}
