// Keeping the single-machine platform's processes up: a process that exits unexpectedly is started
// again after an exponentially growing pause, and only a process that keeps crashing stops the
// platform. The numbers are below (RESTART_POLICY) and can be changed in the environment.
import { ConfigError } from '../config';

export interface RestartPolicy {
  /** The first pause before a restart; each further crash doubles it... */
  initialBackoffMs: number;
  /** ...up to this. */
  maxBackoffMs: number;
  /** A process that ran at least this long before it crashed starts again with the first pause. */
  stableAfterMs: number;
  /** This many crashes of one process within `crashWindowMs` stop the platform. */
  maxCrashes: number;
  crashWindowMs: number;
}

/** 1 s, 2 s, 4 s … at most 30 s; reset after a minute up; 5 crashes within 2 minutes stop the platform. */
export const RESTART_POLICY: RestartPolicy = {
  initialBackoffMs: 1_000,
  maxBackoffMs: 30_000,
  stableAfterMs: 60_000,
  maxCrashes: 5,
  crashWindowMs: 120_000,
};

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

function durationMs(variable: string, text: string): number {
  const m = /^\s*(\d+)\s*(ms|s|m|h)\s*$/.exec(text);
  if (!m) throw new ConfigError(variable, `is invalid: "${text}" is not a duration such as 30s or 2m`);
  return Number(m[1]) * UNITS[m[2]!]!;
}

/**
 * The policy with the environment's overrides: PLATFORM_MAX_CRASHES (a count),
 * PLATFORM_CRASH_WINDOW and PLATFORM_RESTART_BACKOFF_MAX (durations such as 2m, 30s).
 */
export function restartPolicyFrom(env: NodeJS.ProcessEnv): RestartPolicy {
  const policy = { ...RESTART_POLICY };
  if (env.PLATFORM_MAX_CRASHES !== undefined) {
    const n = Number(env.PLATFORM_MAX_CRASHES);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw new ConfigError('PLATFORM_MAX_CRASHES', 'is invalid: must be a whole number from 1 to 1000');
    policy.maxCrashes = n;
  }
  if (env.PLATFORM_CRASH_WINDOW !== undefined) policy.crashWindowMs = durationMs('PLATFORM_CRASH_WINDOW', env.PLATFORM_CRASH_WINDOW);
  if (env.PLATFORM_RESTART_BACKOFF_MAX !== undefined) {
    policy.maxBackoffMs = durationMs('PLATFORM_RESTART_BACKOFF_MAX', env.PLATFORM_RESTART_BACKOFF_MAX);
    if (policy.maxBackoffMs < policy.initialBackoffMs) throw new ConfigError('PLATFORM_RESTART_BACKOFF_MAX', 'is invalid: must be at least 1s');
  }
  return policy;
}

export type CrashVerdict = { giveUp: true; crashesInWindow: number } | { giveUp: false; crashesInWindow: number; restartInMs: number };

/** The crashes of one process and the pause before its next start (pure; the clock is passed in). */
export class CrashHistory {
  private crashes: number[] = [];
  private nextBackoffMs: number;

  constructor(private readonly policy: RestartPolicy) {
    this.nextBackoffMs = policy.initialBackoffMs;
  }

  /** A crash at `now` of a process that had been up for `upMs`. */
  crashed(now: number, upMs: number): CrashVerdict {
    this.crashes = [...this.crashes.filter((t) => now - t < this.policy.crashWindowMs), now];
    if (this.crashes.length >= this.policy.maxCrashes) return { giveUp: true, crashesInWindow: this.crashes.length };
    if (upMs >= this.policy.stableAfterMs) this.nextBackoffMs = this.policy.initialBackoffMs;
    const restartInMs = this.nextBackoffMs;
    this.nextBackoffMs = Math.min(this.nextBackoffMs * 2, this.policy.maxBackoffMs);
    return { giveUp: false, crashesInWindow: this.crashes.length, restartInMs };
  }
}

/** `800ms`, `12s`, `2m`, `1m05s`, `1h02m`. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  const s = Math.round(ms / 1_000);
  if (s < 60) return `${s}s`;
  const h = Math.floor(s / 3_600);
  const m = Math.floor((s % 3_600) / 60);
  if (h) return `${h}h${String(m).padStart(2, '0')}m`;
  return s % 60 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${m}m`;
}

const ordinal = (n: number) => `${n}${[11, 12, 13].includes(n % 100) ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th'}`;

/** One running instance of a supervised process. */
export interface Running {
  pid: number | undefined;
  /** Resolves with how it ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Stops it in order (SIGTERM, then SIGKILL after a grace time); resolves once it is gone. */
  stop(): Promise<void>;
}

export interface SupervisedSpec {
  /** How the messages name it: `worker`, `api`, `Temporal dev server`. */
  name: string;
  /** Where its output goes, for the messages. */
  logFile: string;
  /** Starts one instance; rejects when it could not start (that counts as a crash). */
  start(): Promise<Running>;
}

export interface SupervisorEvents {
  /** A line about the process (a crash, a restart). */
  say(line: string, spec: SupervisedSpec): void;
  /** Called once a restarted instance is up. */
  restarted?(name: string, running: Running): void;
  /** The process crashed too often: the platform should stop. */
  gaveUp(spec: SupervisedSpec, crashes: number): void;
}

/** Starts a process and starts it again whenever it exits unexpectedly, as the policy says. */
export class Supervised {
  private current: Running | undefined;
  private stopping = false;
  private pendingRestart: NodeJS.Timeout | undefined;
  private launching: Promise<void> | undefined;
  private readonly history: CrashHistory;

  constructor(
    readonly spec: SupervisedSpec,
    private readonly policy: RestartPolicy,
    private readonly events: SupervisorEvents,
    private readonly now: () => number = Date.now,
  ) {
    this.history = new CrashHistory(policy);
  }

  get pid(): number | undefined {
    return this.current?.pid;
  }

  /**
   * The first start. With `failFast` a failure to start rejects (nothing is retried: the platform
   * cannot start); otherwise it counts as a crash like any other.
   */
  async start(options: { failFast?: boolean } = {}): Promise<void> {
    await this.launch(false, options.failFast ?? false);
  }

  private launch(isRestart: boolean, failFast = false): Promise<void> {
    const launching = this.launchOnce(isRestart, failFast).finally(() => {
      if (this.launching === launching) this.launching = undefined;
    });
    this.launching = launching;
    return launching;
  }

  private async launchOnce(isRestart: boolean, failFast: boolean): Promise<void> {
    if (this.stopping) return;
    const startedAt = this.now();
    let running: Running;
    try {
      running = await this.spec.start();
    } catch (err) {
      if (failFast) throw err;
      this.crashed(startedAt, `could not start: ${(err as Error).message}`);
      return;
    }
    if (this.stopping) {
      await running.stop();
      return;
    }
    this.current = running;
    if (isRestart) {
      this.events.say(`platform: ${this.spec.name} restarted (pid ${running.pid})`, this.spec);
      this.events.restarted?.(this.spec.name, running);
    }
    void running.exited.then(({ code, signal }) => {
      if (this.current === running) this.current = undefined;
      if (this.stopping) return;
      this.crashed(startedAt, `exited unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`}) after ${formatDuration(this.now() - startedAt)}`);
    });
  }

  private crashed(startedAt: number, what: string): void {
    const verdict = this.history.crashed(this.now(), this.now() - startedAt);
    if (verdict.giveUp) {
      this.events.say(`platform: ${this.spec.name} ${what}; that is ${verdict.crashesInWindow} crashes within ${formatDuration(this.policy.crashWindowMs)}`, this.spec);
      this.events.gaveUp(this.spec, verdict.crashesInWindow);
      return;
    }
    this.events.say(
      `platform: ${this.spec.name} ${what}; restarting it in ${formatDuration(verdict.restartInMs)} ` +
        `(crash ${verdict.crashesInWindow} within ${formatDuration(this.policy.crashWindowMs)}; the ${ordinal(this.policy.maxCrashes)} stops the platform; log: ${this.spec.logFile})`,
      this.spec,
    );
    this.pendingRestart = setTimeout(() => {
      this.pendingRestart = undefined;
      void this.launch(true);
    }, verdict.restartInMs);
  }

  /** No more restarts; stops the running instance, if any. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.pendingRestart) clearTimeout(this.pendingRestart);
    this.pendingRestart = undefined;
    await this.launching?.catch(() => undefined); // an instance being started is stopped as soon as it is up
    const running = this.current;
    this.current = undefined;
    await running?.stop();
  }
}
