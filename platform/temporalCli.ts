// The Temporal CLI that runs the local dev server: the one place that decides which binary that is.
// A CLI already on the machine is used when it is the pinned version (named by TEMPORAL_CLI, or
// found on PATH); otherwise the one built from the Go module into .tools/bin (scripts/install-temporal.sh).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../config';

/**
 * The pinned version. Later versions' go.mod carry a replace directive that `go install` refuses,
 * so this is also the newest one the fallback build can produce.
 */
export const PINNED_TEMPORAL_CLI_VERSION = 'v1.5.1';

/** Where the fallback build puts the CLI, with a stamp file naming the version built. */
export const BUILT_TEMPORAL_CLI = path.join(REPO_ROOT, '.tools', 'bin', 'temporal');
const BUILT_STAMP = `${BUILT_TEMPORAL_CLI}.version`;

export interface TemporalCli {
  path: string;
  version: string;
  /** How it was found. */
  source: 'TEMPORAL_CLI' | 'built' | 'PATH';
}

export interface CliSearch {
  found?: TemporalCli;
  /** One line per candidate that was looked at and not taken, saying why. */
  passedOver: string[];
}

const wanted = (env: NodeJS.ProcessEnv) => env.TEMPORAL_CLI_VERSION ?? PINNED_TEMPORAL_CLI_VERSION;
const bare = (v: string) => v.replace(/^v/, '');

/** `temporal --version` → `1.5.1` (from "temporal version 1.5.1 (Server 1.29.1, UI 2.42.1)"), or null. */
export function reportedVersion(cli: string): string | null {
  const run = spawnSync(cli, ['--version'], { encoding: 'utf8', timeout: 15_000 });
  if (run.error || run.status !== 0) return null;
  const m = /temporal version (\S+)/.exec(run.stdout);
  return m ? m[1]! : null;
}

function onPath(env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, 'temporal');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Looks for the pinned CLI: TEMPORAL_CLI, then the project's own build (.tools/bin, its stamp names
 * the version), then `temporal` on PATH. Each candidate other than the project's build is asked
 * its version (`temporal --version`).
 */
export function findTemporalCli(env: NodeJS.ProcessEnv = process.env): CliSearch {
  const version = wanted(env);
  const passedOver: string[] = [];
  const ask = (cli: string, source: TemporalCli['source'], label: string): TemporalCli | undefined => {
    if (!fs.existsSync(cli)) {
      passedOver.push(`${label} does not exist`);
      return undefined;
    }
    const reported = reportedVersion(cli);
    if (reported === null) {
      passedOver.push(`${label} did not answer \`--version\``);
      return undefined;
    }
    if (bare(reported) !== bare(version)) {
      passedOver.push(`${label} is version ${reported}${reported.startsWith('0.0.0') ? ' (a build without a version)' : ''}, not the pinned ${version}`);
      return undefined;
    }
    return { path: path.resolve(cli), version, source };
  };

  if (env.TEMPORAL_CLI) {
    const found = ask(env.TEMPORAL_CLI, 'TEMPORAL_CLI', `TEMPORAL_CLI=${env.TEMPORAL_CLI}`);
    if (found) return { found, passedOver };
  }
  if (fs.existsSync(BUILT_TEMPORAL_CLI)) {
    const stamped = fs.existsSync(BUILT_STAMP) ? fs.readFileSync(BUILT_STAMP, 'utf8').trim() : '';
    if (bare(stamped) === bare(version)) return { found: { path: BUILT_TEMPORAL_CLI, version, source: 'built' }, passedOver };
    passedOver.push(`the project's build ${BUILT_TEMPORAL_CLI} is version ${stamped || 'unknown'}, not the pinned ${version}`);
  }
  const fromPath = onPath(env);
  if (fromPath && path.resolve(fromPath) !== BUILT_TEMPORAL_CLI) {
    const found = ask(fromPath, 'PATH', `${fromPath} (on PATH)`);
    if (found) return { found, passedOver };
  }
  return { passedOver };
}

/** The CLI to run, or an error saying what was looked at and how to get one. */
export function temporalCliPath(env: NodeJS.ProcessEnv = process.env): string {
  const { found, passedOver } = findTemporalCli(env);
  if (found) return found.path;
  throw new Error(
    `no Temporal CLI ${wanted(env)} found${passedOver.length ? ` (${passedOver.join('; ')})` : ''}: ` +
      'put one on PATH or name it in TEMPORAL_CLI, or run bash scripts/install-temporal.sh to build it',
  );
}

function minutesSeconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** Builds the pinned CLI from its Go module into .tools/bin, printing the elapsed time every 30 s. */
export async function buildTemporalCli(env: NodeJS.ProcessEnv = process.env, say: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<TemporalCli> {
  const version = wanted(env);
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.error || go.status !== 0) {
    throw new Error(`Go is needed to build the Temporal CLI ${version} (install golang >= 1.25), or put a temporal ${version} on PATH / in TEMPORAL_CLI`);
  }
  const bin = path.dirname(BUILT_TEMPORAL_CLI);
  fs.mkdirSync(bin, { recursive: true });
  say(`building the Temporal CLI ${version} from its Go module with ${go.stdout.trim()}`);
  say('  (downloads the modules, then compiles the Temporal server into one binary: about 9 minutes on 2 cores the first time, less with a warm Go cache)');
  const started = Date.now();
  const ticker = setInterval(() => say(`  ... still building the Temporal CLI (${minutesSeconds(Date.now() - started)} so far)`), 30_000);
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        'go',
        ['install', `-ldflags=-X github.com/temporalio/cli/temporalcli.Version=${bare(version)}`, `github.com/temporalio/cli/cmd/temporal@${version}`],
        { env: { ...env, GOBIN: bin, GOFLAGS: '-buildvcs=false' }, stdio: ['ignore', 'inherit', 'inherit'] },
      );
      child.once('error', reject);
      child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`go install failed (${signal ?? `exit code ${code}`})`))));
    });
  } finally {
    clearInterval(ticker);
  }
  fs.writeFileSync(BUILT_STAMP, `${version}\n`);
  say(`Temporal CLI ${version} built in ${minutesSeconds(Date.now() - started)}: ${BUILT_TEMPORAL_CLI}`);
  return { path: BUILT_TEMPORAL_CLI, version, source: 'built' };
}

export function describeCli(cli: TemporalCli): string {
  const how = { TEMPORAL_CLI: 'named by TEMPORAL_CLI', PATH: 'found on PATH', built: 'built into .tools/bin' }[cli.source];
  return `${cli.path} (${cli.version}, ${how})`;
}

/** Uses the CLI on the machine when it is the pinned version, else builds it; says which. */
export async function ensureTemporalCli(env: NodeJS.ProcessEnv = process.env, say: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<TemporalCli> {
  const { found, passedOver } = findTemporalCli(env);
  for (const line of passedOver) say(`Temporal CLI: ${line}`);
  if (found) {
    if (found.source !== 'built' || passedOver.length) say(`Temporal CLI: using ${describeCli(found)}`);
    return found;
  }
  if (passedOver.length) say(`Temporal CLI: no ${wanted(env)} on this machine, so it is built`);
  return buildTemporalCli(env, say);
}
