// Configuration: read once from the environment at start-up, validated with zod. A missing or bad
// value stops the process with one line naming the variable (see README, "Configuration").
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { type BusinessCalendar, DEFAULT_CALENDAR, zBusinessCalendar } from '../domain/businessCalendar';
import { isOpenStage } from '../domain/complaint/stages';
import { parseDuration } from '../domain/durations';
import { type KpiTargets, parseKpiTargets } from '../domain/operations/kpis';
import { type RegionMap, parseRegions } from '../domain/operations/regions';
import { ROLES, type Role } from '../domain/roles';
import { type PayloadKey, parsePayloadKeys } from './payloadKeys';

/** The project folder (the one with package.json), whether running from sources or from dist/. */
export const REPO_ROOT = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();

/** The platform's release as package.json names it (its name and version). */
export function platformRelease(): { name: string; version: string } {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
}

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`configuration: ${variable} ${message}`);
  }
}

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      try {
        return parseDuration(text);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    });

const yuan = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((s) => /^\d+(\.\d{1,2})?$/.test(s), 'must be an amount in yuan with at most 2 decimals')
    .transform((s) => Math.round(Number(s) * 100));

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes'].includes(v)));

/** A share as a percentage (`2%`, `50%`, up to two decimals) or a ratio (`0.02`, up to four decimals); parses to basis points. */
const share = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const s = text.trim();
      const pct = /^(\d{1,3})(?:\.(\d{1,2}))?%$/.exec(s);
      const ratio = /^(0|1)(?:\.(\d{1,4}))?$/.exec(s);
      const bp = pct ? Number(pct[1]) * 100 + Number((pct[2] ?? '').padEnd(2, '0')) : ratio ? Number(ratio[1]) * 10_000 + Number((ratio[2] ?? '').padEnd(4, '0')) : NaN;
      if (!Number.isInteger(bp) || bp < 0 || bp > 10_000) {
        ctx.addIssue({ code: 'custom', message: 'must be a percentage such as 2% or a ratio such as 0.02, at most 100%' });
        return z.NEVER;
      }
      return bp;
    });

/** A size in bytes: `512MB`, `2GB`, `300KB` (powers of 1024) or a plain number of bytes. */
const bytes = () =>
  z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return undefined;
      const m = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)?$/i.exec(text.trim());
      if (!m) {
        ctx.addIssue({ code: 'custom', message: 'must be a size such as 512MB or 2GB' });
        return z.NEVER;
      }
      const unit = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[(m[2] ?? 'B').toUpperCase() as 'B'];
      return Math.floor(Number(m[1]) * unit);
    });

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** Variable name → schema. The README's configuration table lists the same names. */
const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, 'must start with file: (SQLite) or postgres:// (PostgreSQL)')
    .default(`file:${path.join(REPO_ROOT, '.data', 'aftersales.db')}`),
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('aftersales'),
  TEMPORAL_TLS: bool(false),
  TEMPORAL_TLS_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_CA_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  TEMPORAL_LOCAL_PORT: port(7233),
  TEMPORAL_UI_PORT: port(8233),
  TEMPORAL_DATA_DIR: z.string().min(1).default(path.join(REPO_ROOT, '.data')),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port(3000),
  PUBLIC_URL: z.string().url().optional(),
  BOOTSTRAP_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  BOOTSTRAP_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').max(200).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['pretty', 'json', 'auto']).default('auto'),
  // Observing it (README): Prometheus metrics of the API and the worker, OpenTelemetry traces.
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  METRICS_CACHE: duration('5s'),
  WORKER_METRICS_ADDRESS: z
    .string()
    .regex(/^(\[[0-9a-fA-F:]+\]|[\w.-]+):\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:9464')
    .optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().refine((u) => /^https?:/.test(u), 'must be an http(s) URL, e.g. http://127.0.0.1:4318').optional(),
  OTEL_SERVICE_NAME: z.string().trim().min(1).optional(),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'must look like 100kb')
    .default('100kb'),
  SHUTDOWN_GRACE: duration('20s'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(1200),
  RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(1_000_000).default(200),
  CHECK_RESPONSES: bool(false),
  REQUEST_TIMEOUT: duration('30s'),
  CASE_READ_WAIT: duration('3s'),
  // G6: encryption of workflow payloads (temporal/codec.ts).
  PAYLOAD_ENCRYPTION: bool(true),
  PAYLOAD_KEYS: z.string().min(1).optional(),
  PAYLOAD_KEY_FILE: z.string().min(1).optional(),
  CODEC_CORS_ORIGINS: z.string().optional(),
  TIME_ZONE: z
    .string()
    .default('Asia/Shanghai')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Asia/Shanghai'),
  // Complaint rules (C8, C17, C18, C19).
  COMPLAINT_DEADLINE_DOMESTIC: duration('13d'),
  COMPLAINT_DEADLINE_FOREIGN: duration('17d'),
  COMPLAINT_STAGE_DEADLINES: z.string().default(''),
  COMPLAINT_REMINDER_INTERVAL: duration('1d'),
  JOINT_INSPECTION_REPORT_DEADLINE: duration('3d'),
  COMPLAINT_STAGE_ESCALATION_AFTER: duration('1d'),
  COMPLAINT_STAGE_ESCALATION_ROLES: z.string().default(''),
  COMPLAINT_PETITION_WINDOW: duration('30d'),
  AUTHORITY_SALES_MANAGER_MAX_YUAN: yuan('10000'),
  AUTHORITY_VP_MAX_YUAN: yuan('100000'),
  // Service calls (S9, S13–S16, S20).
  SERVICE_CALENDAR: z.string().optional(),
  SERVICE_CALENDAR_ALWAYS_OPEN: bool(false),
  ARRIVAL_SLA_URBAN: duration('6h'),
  ARRIVAL_SLA_SUBURBAN: duration('7h'),
  CARRY_IN_PROMISE: duration('3d'),
  REPAIR_PROMISE_WARNING: duration('4h'),
  SURVEY_DELAY: duration('1d'),
  CONTRACT_NOTICE_LEAD: duration('30d'),
  SERVICE_CENTRE: z.string().trim().min(1).max(100).default('main'),
  DAILY_JOB_TIME: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time HH:MM')
    .default('18:00'),
  DAILY_JOB_ENABLED: bool(true),
  DAILY_JOB_EVERY: z.string().optional(),
  // Messages to customers (S15 expiry notices, S16 survey links): an SMS/e-mail/letter gateway, or staff.
  CUSTOMER_GATEWAY_URL: z.string().url().refine((u) => /^https?:/.test(u), 'must be an http(s) URL').optional(),
  CUSTOMER_GATEWAY_TOKEN: z.string().min(8, 'must be at least 8 characters').optional(),
  CUSTOMER_GATEWAY_TIMEOUT: duration('10s'),
  CUSTOMER_GATEWAY_ATTEMPTS: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').default(5),
  // Accountability and accounting (P1–P15, C12).
  RESALE_WINDOW: duration('30d'),
  ACCOUNTABILITY_REMINDER_INTERVAL: duration('1d'),
  RETURN_TOLERANCE: share('2%'),
  PENALTY_MONTHLY_CAP: share('50%'),
  PENALTY_WARNING_MIN_YUAN: yuan('400'),
  PENALTY_MINOR_DEMERIT_MIN_YUAN: yuan('800'),
  MONTHLY_REPORT_DAY: z.coerce.number().int('must be a whole number').min(1, 'must be 1 to 9').max(9, 'must be 1 to 9 (before the 10th, C12)').default(5),
  MONTHLY_REPORT_TIME: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time HH:MM')
    .default('08:00'),
  MONTHLY_REPORT_ENABLED: bool(true),
  // The worker's footprint and long-lived workflows (worker/cache.ts, workflows/kernel.ts).
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int('must be a whole number').min(0, 'must be at least 0').optional(),
  WORKER_MEMORY_BUDGET: bytes(),
  WORKFLOW_HISTORY_LIMIT: z.coerce.number().int('must be a whole number').min(10, 'must be at least 10').max(50_000, 'must be at most 50000').default(2000),
  // Signing in (people in a browser; machine clients keep bearer tokens).
  SESSION_TTL: duration('12h'),
  SESSION_MAX_AGE: duration('7d'),
  LOGIN_BACKOFF_AFTER: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').default(5),
  LOGIN_BACKOFF_MAX: duration('15m'),
  // Notices delivered to people by e-mail and by the chat robot (services/deliveries.ts).
  SMTP_URL: z.string().url().refine((u) => /^smtps?:\/\//.test(u), 'must be an smtp:// or smtps:// URL').optional(),
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: port(587),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASS: z.string().min(1).optional(),
  SMTP_SECURE: bool(false),
  MAIL_FROM: z.string().min(3).optional(),
  CHAT_WEBHOOK_URL: z.string().url().refine((u) => /^https?:/.test(u), 'must be an http(s) URL').optional(),
  CHAT_WEBHOOK_FORMAT: z.enum(['wecom', 'dingtalk', 'feishu']).default('wecom'),
  DELIVERY_SWEEP_EVERY: duration('30s'),
  DELIVERY_ATTEMPTS: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(20, 'must be at most 20').default(5),
  DELIVERY_BACKOFF: duration('30s'),
  DELIVERY_TIMEOUT: duration('10s'),
  // Installed base and customer files (O6).
  FOLLOW_UP_DELAY: duration('7d'),
  FOLLOW_UP_ATTEMPTS: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(20, 'must be at most 20').default(3),
  IMPORT_MAX_BYTES: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'must look like 20mb')
    .default('20mb'),
  IMPORT_MAX_ROWS: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(1_000_000, 'must be at most 1000000').default(100_000),
  IMPORT_WAIT: duration('10s'),
  // Service operations (O1–O5).
  SERVICE_REGIONS: z.string().default(''),
  BUDGET_WARNING_SHARE: share('80%'),
  REPEAT_REPAIR_WINDOW: duration('30d'),
  KPI_TARGETS: z.string().default(''),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  databaseUrl: string;
  databaseProvider: 'sqlite' | 'postgresql';
  temporal: {
    /** Set when the platform talks to an existing server or cluster; unset → a local dev server. */
    address: string;
    external: boolean;
    namespace: string;
    taskQueue: string;
    tls: { enabled: boolean; certPath?: string; keyPath?: string; caPath?: string; serverName?: string };
    apiKey?: string;
    localPort: number;
    uiPort: number;
    dataDir: string;
  };
  http: {
    host: string;
    port: number;
    publicUrl: string;
    bodyLimit: string;
    rateLimit: { perMinute: number; burst: number };
    /** CHECK_RESPONSES: every JSON response is checked against its schema (development and tests; a mismatch answers 500). */
    checkResponses: boolean;
    /** G6: the origins (the Temporal Web UI) allowed to call the payload codec endpoint from a browser. */
    codecCorsOrigins: string[];
    /** REQUEST_TIMEOUT: no request waits longer; past it the answer is 504 (streaming responses excepted). */
    requestTimeoutMs: number;
    /** CASE_READ_WAIT: how long a read waits for a case's workflow to answer before the case's projection answers instead. */
    caseReadWaitMs: number;
  };
  bootstrapAdminToken?: string;
  /** The bootstrap admin's initial password (login `admin`), used when that admin has none yet. */
  bootstrapAdminPassword?: string;
  /** Signing in with a login name and password; see services/sessions.ts. */
  auth: AuthConfig;
  logLevel: Env['LOG_LEVEL'];
  /** LOG_FORMAT: readable lines (`pretty`), JSON lines (`json`), or `auto`: pretty when stdout is a terminal, else JSON. */
  logFormat: Env['LOG_FORMAT'];
  observability: {
    /** METRICS_TOKEN: `GET /metrics` answers a caller with this bearer token; unset → /metrics is off (404). */
    metricsToken?: string;
    /** METRICS_CACHE: how long the business figures of /metrics are reused before the database is asked again. */
    metricsCacheMs: number;
    /** WORKER_METRICS_ADDRESS: where the worker serves the Temporal SDK's Prometheus metrics; unset → not served. */
    workerMetricsAddress?: string;
    /** OTEL_EXPORTER_OTLP_ENDPOINT: traces are exported there (OTLP http/protobuf); unset → no tracing. */
    otlpEndpoint?: string;
    /** OTEL_SERVICE_NAME: the service name of the traces; unset → aftersales-api, aftersales-worker. */
    serviceName?: string;
  };
  shutdownGraceMs: number;
  timeZone: string;
  complaint: {
    caseDeadlineMs: { domestic: number; foreign: number };
    stageDeadlineOverrides: Record<string, number>;
    reminderIntervalMs: number;
    jointInspectionReportMs: number;
    authority: { salesManagerMaxFen: number; vpMaxFen: number };
    /** G3: an overdue stage escalates once, this long after its deadline, to these roles per stage (default: the GM office and the GM). */
    stageEscalationAfterMs: number;
    stageEscalationRoles: Record<string, Role[]>;
    /** C16, C14: how long a complaint found not established may be petitioned. */
    petitionWindowMs: number;
  };
  service: {
    /** S14: working days, hours and holidays for the arrival SLA. */
    calendar: BusinessCalendar;
    /** S14: working time from call to arrival. */
    arrivalSla: { urbanMs: number; suburbanMs: number };
    /** S9: promised completion of a carry-in repair when the technician names none. */
    carryInPromiseMs: number;
    /** S9: how long before the promised time an unfinished repair is flagged to its technician. */
    promiseWarningMs: number;
    /** S16: from the end of a call to its survey. */
    surveyDelayMs: number;
    /** S15: expiry notice and renewal work item this long before a contract ends. */
    contractNoticeLeadMs: number;
    /** The service centre a call belongs to unless registered with another (S20 digest). */
    defaultCentre: string;
    /** S13, S20: the daily job (a Temporal Schedule the worker creates), at this local time. */
    dailyJob: { enabled: boolean; hour: number; minute: number; /** DAILY_JOB_EVERY: run at this interval instead (demonstrations). */ everyMs?: number };
  };
  accounting: AccountingConfig;
  operations: OperationsConfig;
  customerMessages: CustomerMessagesConfig;
  /** Notices delivered to people by e-mail and chat robot; see services/deliveries.ts. */
  deliveries: DeliveriesConfig;
  installedBase: InstalledBaseConfig;
  /** G6: payloads stored in Temporal are encrypted with `keys[0]`; null keys with encryption on: none configured (see temporal/codec.ts). */
  payloadEncryption: { enabled: boolean; keys: PayloadKey[] | null };
  worker: {
    /** WORKER_MAX_CACHED_WORKFLOWS: open cases the worker keeps in memory (others are replayed from history when they next act); unset → from the memory budget. */
    maxCachedWorkflows?: number;
    /** WORKER_MEMORY_BUDGET in bytes: what the worker's workflow cache is sized to stay within. */
    memoryBudgetBytes?: number;
  };
  /** WORKFLOW_HISTORY_LIMIT: events after which a workflow that can live for years (a contract) continues as new. */
  workflowHistoryLimit: number;
}

/** How notices reach people beyond the in-app inbox. */
export interface DeliveriesConfig {
  /** SMTP_URL or SMTP_HOST…, MAIL_FROM; null: no e-mail channel. */
  email: { url?: string; host?: string; port: number; secure: boolean; user?: string; pass?: string; from: string } | null;
  /** CHAT_WEBHOOK_URL, CHAT_WEBHOOK_FORMAT; null: no chat channel. */
  chat: { url: string; format: 'wecom' | 'dingtalk' | 'feishu' } | null;
  /** DELIVERY_SWEEP_EVERY: how often the worker's schedule fans out new notices and sends what is due. */
  sweepEveryMs: number;
  /** DELIVERY_ATTEMPTS: failed attempts after which a delivery is marked failed. */
  maxAttempts: number;
  /** DELIVERY_BACKOFF: the wait after the first failure, doubling after each (at most 64 times as long). */
  backoffMs: number;
  /** DELIVERY_TIMEOUT: how long one SMTP conversation or webhook request may take. */
  timeoutMs: number;
  /** Where links in messages point (PUBLIC_URL). */
  publicUrl: string;
  timeZone: string;
}

/** People's sign-in: session lifetime and the back-off after failed sign-ins. */
export interface AuthConfig {
  /** SESSION_TTL: a session ends this long after its last use (sliding)… */
  sessionTtlMs: number;
  /** SESSION_MAX_AGE: …and never later than this after signing in. */
  sessionMaxAgeMs: number;
  /** LOGIN_BACKOFF_AFTER: failed sign-ins of one login name before each further one waits (1 s, doubling); an address gets four times as many. */
  backoffAfter: number;
  /** LOGIN_BACKOFF_MAX: the longest wait. */
  backoffMaxMs: number;
  /** The cookie is sent only over HTTPS when PUBLIC_URL is https. */
  secureCookie: boolean;
}

/** O6: follow-up calls and imports. */
export interface InstalledBaseConfig {
  /** FOLLOW_UP_DELAY: from the end of a call to its follow-up call. */
  followUpDelayMs: number;
  /** FOLLOW_UP_ATTEMPTS: tries to reach the customer before a follow-up is left unreached. */
  followUpAttempts: number;
  /** IMPORT_MAX_BYTES, IMPORT_MAX_ROWS: the largest file an import takes. */
  importMaxBytes: string;
  importMaxRows: number;
  /** IMPORT_WAIT: how long a request waits for its import job before answering 202 with the job's address. */
  importWaitMs: number;
}

/** Service operations (O1–O5). */
export interface OperationsConfig {
  /** SERVICE_REGIONS: centre → region; a centre not named is a region of its own. */
  regions: RegionMap;
  /** O3: the share of a category's monthly budget (basis points) whose passing tells the service department. */
  budgetWarningShareBp: number;
  /** O1: a call on the same serial for the same fault within this long after the previous one closed is a repeat repair. */
  repeatRepairWindowMs: number;
  /** O1: the target of each goal. */
  kpiTargets: KpiTargets;
}

/** How messages reach customers (S15, S16); see services/customerMessages.ts. */
export interface CustomerMessagesConfig {
  /** The gateway the worker posts each message to; null → the messages wait for staff in the outbox. */
  gateway: { url: string; token?: string; timeoutMs: number } | null;
  /** Failed gateway attempts after which a message is handed to staff instead. */
  maxAttempts: number;
  /** Where customers open their links (PUBLIC_URL). */
  publicUrl: string;
}

/** Accountability and accounting (P1–P15, C12). */
export interface AccountingConfig {
  /** P8: from the penalty decision, how long the goods may be resold. */
  resaleWindowMs: number;
  /** P1, G3: an overdue penalty proposal or approval is reminded this often. */
  reviewReminderIntervalMs: number;
  /** P4: the company's return tolerance when the customer has no over-acceptance ratio (basis points). */
  returnToleranceBp: number;
  /** P14: a month's deductions at most this share of the month's efficiency bonus (basis points). */
  monthlyCapBp: number;
  /** P10: the least a warning deducts, and a minor demerit per base point (fen). */
  warningMinFen: number;
  minorDemeritMinFenPerBasePoint: number;
  /** C12, P1: the Temporal Schedule compiling last month's statistics, on this day (1–9) at this local time. */
  monthlyReport: { enabled: boolean; day: number; hour: number; minute: number };
}

/** `analysis=2d,decision=12h` → `{analysis: 172800000, decision: 43200000}`. */
export function parseStageDeadlines(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([a-z_]+)=(.+)$/.exec(part);
    if (!m) throw new Error(`"${part}" is not stage=duration`);
    out[m[1]!] = parseDuration(m[2]!);
  }
  return out;
}

/** `analysis=qa_head+gm,decision=gm` → `{analysis: ['qa_head', 'gm'], decision: ['gm']}`: stage → roles. */
export function parseStageRoles(text: string): Record<string, Role[]> {
  const out: Record<string, Role[]> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([a-z_]+)=([a-z_+]+)$/.exec(part);
    if (!m) throw new Error(`"${part}" is not stage=role+role`);
    if (!isOpenStage(m[1]!)) throw new Error(`"${m[1]}" is not a complaint stage`);
    const roles = m[2]!.split('+');
    const unknown = roles.find((r) => !(ROLES as readonly string[]).includes(r));
    if (unknown) throw new Error(`"${unknown}" is not a role`);
    out[m[1]!] = roles as Role[];
  }
  return out;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    const value = source[variable];
    throw new ConfigError(variable, value === undefined ? `is required: ${issue.message}` : `is invalid: ${issue.message}`);
  }
  const env = parsed.data;
  let stageDeadlineOverrides: Record<string, number>;
  try {
    stageDeadlineOverrides = parseStageDeadlines(env.COMPLAINT_STAGE_DEADLINES);
  } catch (err) {
    throw new ConfigError('COMPLAINT_STAGE_DEADLINES', `is invalid: ${(err as Error).message}`);
  }
  let stageEscalationRoles: Record<string, Role[]>;
  try {
    stageEscalationRoles = parseStageRoles(env.COMPLAINT_STAGE_ESCALATION_ROLES);
  } catch (err) {
    throw new ConfigError('COMPLAINT_STAGE_ESCALATION_ROLES', `is invalid: ${(err as Error).message}`);
  }
  if (env.AUTHORITY_SALES_MANAGER_MAX_YUAN >= env.AUTHORITY_VP_MAX_YUAN) {
    throw new ConfigError('AUTHORITY_VP_MAX_YUAN', 'is invalid: must be above AUTHORITY_SALES_MANAGER_MAX_YUAN');
  }
  if (env.CASE_READ_WAIT >= env.REQUEST_TIMEOUT) {
    throw new ConfigError('CASE_READ_WAIT', 'is invalid: must be shorter than REQUEST_TIMEOUT, so that a read answers from the projection before the request times out');
  }
  if (env.IMPORT_WAIT >= env.REQUEST_TIMEOUT) {
    throw new ConfigError('IMPORT_WAIT', 'is invalid: must be shorter than REQUEST_TIMEOUT, so that an import still running answers 202 before the request times out');
  }
  if (Boolean(env.TEMPORAL_TLS_CERT_PATH) !== Boolean(env.TEMPORAL_TLS_KEY_PATH)) {
    throw new ConfigError(env.TEMPORAL_TLS_CERT_PATH ? 'TEMPORAL_TLS_KEY_PATH' : 'TEMPORAL_TLS_CERT_PATH', 'is required: client certificate and key go together');
  }
  if ((env.SMTP_URL || env.SMTP_HOST) && !env.MAIL_FROM) {
    throw new ConfigError('MAIL_FROM', 'is required: an SMTP server is configured, and mail needs a sender address');
  }
  if (env.SMTP_URL && env.SMTP_HOST) throw new ConfigError('SMTP_HOST', 'is invalid: give the SMTP server as SMTP_URL or SMTP_HOST…, not both');
  if ((env.SMTP_USER || env.SMTP_PASS) && !env.SMTP_HOST) throw new ConfigError('SMTP_HOST', 'is required: SMTP_USER or SMTP_PASS is set without SMTP_HOST');
  if (env.DELIVERY_SWEEP_EVERY < 1000) throw new ConfigError('DELIVERY_SWEEP_EVERY', 'is invalid: must be at least 1s');
  if (env.SESSION_TTL > env.SESSION_MAX_AGE) {
    throw new ConfigError('SESSION_TTL', 'is invalid: must not be longer than SESSION_MAX_AGE');
  }
  if (env.CUSTOMER_GATEWAY_TOKEN && !env.CUSTOMER_GATEWAY_URL) {
    throw new ConfigError('CUSTOMER_GATEWAY_URL', 'is required: CUSTOMER_GATEWAY_TOKEN is set without a gateway');
  }
  const calendar = serviceCalendar(env);
  let dailyEveryMs: number | undefined;
  if (env.DAILY_JOB_EVERY !== undefined && env.DAILY_JOB_EVERY.trim() !== '') {
    try {
      dailyEveryMs = parseDuration(env.DAILY_JOB_EVERY);
    } catch (err) {
      throw new ConfigError('DAILY_JOB_EVERY', `is invalid: ${(err as Error).message}`);
    }
    if (dailyEveryMs < 1000) throw new ConfigError('DAILY_JOB_EVERY', 'is invalid: must be at least 1s');
  }
  const [jobHour, jobMinute] = env.DAILY_JOB_TIME.split(':').map(Number);
  const external = env.TEMPORAL_ADDRESS !== undefined;
  const tlsEnabled = env.TEMPORAL_TLS || Boolean(env.TEMPORAL_TLS_CERT_PATH) || Boolean(env.TEMPORAL_API_KEY);
  return {
    databaseUrl: env.DATABASE_URL,
    databaseProvider: env.DATABASE_URL.startsWith('file:') ? 'sqlite' : 'postgresql',
    temporal: {
      address: env.TEMPORAL_ADDRESS ?? `127.0.0.1:${env.TEMPORAL_LOCAL_PORT}`,
      external,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      tls: {
        enabled: tlsEnabled,
        certPath: env.TEMPORAL_TLS_CERT_PATH,
        keyPath: env.TEMPORAL_TLS_KEY_PATH,
        caPath: env.TEMPORAL_TLS_CA_PATH,
        serverName: env.TEMPORAL_TLS_SERVER_NAME,
      },
      apiKey: env.TEMPORAL_API_KEY,
      localPort: env.TEMPORAL_LOCAL_PORT,
      uiPort: env.TEMPORAL_UI_PORT,
      dataDir: env.TEMPORAL_DATA_DIR,
    },
    http: {
      host: env.HOST,
      port: env.PORT,
      publicUrl: env.PUBLIC_URL ?? `http://${env.HOST}:${env.PORT}`,
      bodyLimit: env.BODY_LIMIT,
      rateLimit: { perMinute: env.RATE_LIMIT_PER_MINUTE, burst: env.RATE_LIMIT_BURST },
      checkResponses: env.CHECK_RESPONSES,
      codecCorsOrigins: codecCorsOrigins(env),
      requestTimeoutMs: env.REQUEST_TIMEOUT,
      caseReadWaitMs: env.CASE_READ_WAIT,
    },
    bootstrapAdminToken: env.BOOTSTRAP_ADMIN_TOKEN,
    bootstrapAdminPassword: env.BOOTSTRAP_ADMIN_PASSWORD,
    auth: {
      sessionTtlMs: env.SESSION_TTL,
      sessionMaxAgeMs: env.SESSION_MAX_AGE,
      backoffAfter: env.LOGIN_BACKOFF_AFTER,
      backoffMaxMs: env.LOGIN_BACKOFF_MAX,
      secureCookie: (env.PUBLIC_URL ?? '').startsWith('https:'),
    },
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT,
    observability: {
      metricsToken: env.METRICS_TOKEN,
      metricsCacheMs: env.METRICS_CACHE,
      workerMetricsAddress: env.WORKER_METRICS_ADDRESS,
      otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
      serviceName: env.OTEL_SERVICE_NAME,
    },
    shutdownGraceMs: env.SHUTDOWN_GRACE,
    timeZone: env.TIME_ZONE,
    complaint: {
      caseDeadlineMs: { domestic: env.COMPLAINT_DEADLINE_DOMESTIC, foreign: env.COMPLAINT_DEADLINE_FOREIGN },
      stageDeadlineOverrides,
      reminderIntervalMs: env.COMPLAINT_REMINDER_INTERVAL,
      jointInspectionReportMs: env.JOINT_INSPECTION_REPORT_DEADLINE,
      authority: { salesManagerMaxFen: env.AUTHORITY_SALES_MANAGER_MAX_YUAN, vpMaxFen: env.AUTHORITY_VP_MAX_YUAN },
      stageEscalationAfterMs: env.COMPLAINT_STAGE_ESCALATION_AFTER,
      stageEscalationRoles,
      petitionWindowMs: env.COMPLAINT_PETITION_WINDOW,
    },
    service: {
      calendar,
      arrivalSla: { urbanMs: env.ARRIVAL_SLA_URBAN, suburbanMs: env.ARRIVAL_SLA_SUBURBAN },
      carryInPromiseMs: env.CARRY_IN_PROMISE,
      promiseWarningMs: env.REPAIR_PROMISE_WARNING,
      surveyDelayMs: env.SURVEY_DELAY,
      contractNoticeLeadMs: env.CONTRACT_NOTICE_LEAD,
      defaultCentre: env.SERVICE_CENTRE,
      dailyJob: { enabled: env.DAILY_JOB_ENABLED, hour: jobHour ?? 18, minute: jobMinute ?? 0, ...(dailyEveryMs !== undefined ? { everyMs: dailyEveryMs } : {}) },
    },
    accounting: accountingConfig(env),
    operations: operationsConfig(env),
    customerMessages: {
      gateway: env.CUSTOMER_GATEWAY_URL
        ? { url: env.CUSTOMER_GATEWAY_URL, token: env.CUSTOMER_GATEWAY_TOKEN, timeoutMs: env.CUSTOMER_GATEWAY_TIMEOUT }
        : null,
      maxAttempts: env.CUSTOMER_GATEWAY_ATTEMPTS,
      publicUrl: (env.PUBLIC_URL ?? `http://${env.HOST}:${env.PORT}`).replace(/\/+$/, ''),
    },
    deliveries: {
      email:
        env.SMTP_URL || env.SMTP_HOST
          ? { url: env.SMTP_URL, host: env.SMTP_HOST, port: env.SMTP_PORT, secure: env.SMTP_SECURE, user: env.SMTP_USER, pass: env.SMTP_PASS, from: env.MAIL_FROM! }
          : null,
      chat: env.CHAT_WEBHOOK_URL ? { url: env.CHAT_WEBHOOK_URL, format: env.CHAT_WEBHOOK_FORMAT } : null,
      sweepEveryMs: env.DELIVERY_SWEEP_EVERY,
      maxAttempts: env.DELIVERY_ATTEMPTS,
      backoffMs: env.DELIVERY_BACKOFF,
      timeoutMs: env.DELIVERY_TIMEOUT,
      publicUrl: (env.PUBLIC_URL ?? `http://${env.HOST}:${env.PORT}`).replace(/\/+$/, ''),
      timeZone: env.TIME_ZONE,
    },
    payloadEncryption: { enabled: env.PAYLOAD_ENCRYPTION, keys: env.PAYLOAD_ENCRYPTION ? payloadKeys(env) : null },
    worker: {
      ...(env.WORKER_MAX_CACHED_WORKFLOWS !== undefined ? { maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS } : {}),
      ...(env.WORKER_MEMORY_BUDGET !== undefined ? { memoryBudgetBytes: env.WORKER_MEMORY_BUDGET } : {}),
    },
    workflowHistoryLimit: env.WORKFLOW_HISTORY_LIMIT,
    installedBase: {
      followUpDelayMs: env.FOLLOW_UP_DELAY,
      followUpAttempts: env.FOLLOW_UP_ATTEMPTS,
      importMaxBytes: env.IMPORT_MAX_BYTES,
      importMaxRows: env.IMPORT_MAX_ROWS,
      importWaitMs: env.IMPORT_WAIT,
    },
  };
}

/** CODEC_CORS_ORIGINS (comma-separated origins), by default the local Temporal Web UI. */
function codecCorsOrigins(env: Env): string[] {
  if (env.CODEC_CORS_ORIGINS === undefined) return [`http://127.0.0.1:${env.TEMPORAL_UI_PORT}`, `http://localhost:${env.TEMPORAL_UI_PORT}`];
  const origins = env.CODEC_CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  for (const o of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(o)) throw new ConfigError('CODEC_CORS_ORIGINS', `is invalid: "${o}" is not an origin such as https://temporal.example.com`);
  }
  return origins;
}

/** G6: the payload keys from PAYLOAD_KEYS, else from PAYLOAD_KEY_FILE; null when neither is set. */
function payloadKeys(env: Env): PayloadKey[] | null {
  if (env.PAYLOAD_KEYS && env.PAYLOAD_KEY_FILE) throw new ConfigError('PAYLOAD_KEY_FILE', 'is invalid: give the keys in PAYLOAD_KEYS or in a file, not both');
  const [variable, text] = env.PAYLOAD_KEYS
    ? ['PAYLOAD_KEYS', env.PAYLOAD_KEYS]
    : env.PAYLOAD_KEY_FILE
      ? ['PAYLOAD_KEY_FILE', readKeyFile(env.PAYLOAD_KEY_FILE)]
      : [null, null];
  if (variable === null || text === null) return null;
  try {
    return parsePayloadKeys(text);
  } catch (err) {
    throw new ConfigError(variable, `is invalid: ${(err as Error).message}`);
  }
}

function readKeyFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError('PAYLOAD_KEY_FILE', `is invalid: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

function operationsConfig(env: Env): OperationsConfig {
  let regions: RegionMap;
  try {
    regions = parseRegions(env.SERVICE_REGIONS);
  } catch (err) {
    throw new ConfigError('SERVICE_REGIONS', `is invalid: ${(err as Error).message}`);
  }
  let kpiTargets: KpiTargets;
  try {
    kpiTargets = parseKpiTargets(env.KPI_TARGETS);
  } catch (err) {
    throw new ConfigError('KPI_TARGETS', `is invalid: ${(err as Error).message}`);
  }
  if (env.BUDGET_WARNING_SHARE === 0) throw new ConfigError('BUDGET_WARNING_SHARE', 'is invalid: must be more than 0%');
  return { regions, budgetWarningShareBp: env.BUDGET_WARNING_SHARE, repeatRepairWindowMs: env.REPEAT_REPAIR_WINDOW, kpiTargets };
}

function accountingConfig(env: Env): AccountingConfig {
  const [hour, minute] = env.MONTHLY_REPORT_TIME.split(':').map(Number);
  return {
    resaleWindowMs: env.RESALE_WINDOW,
    reviewReminderIntervalMs: env.ACCOUNTABILITY_REMINDER_INTERVAL,
    returnToleranceBp: env.RETURN_TOLERANCE,
    monthlyCapBp: env.PENALTY_MONTHLY_CAP,
    warningMinFen: env.PENALTY_WARNING_MIN_YUAN,
    minorDemeritMinFenPerBasePoint: env.PENALTY_MINOR_DEMERIT_MIN_YUAN,
    monthlyReport: { enabled: env.MONTHLY_REPORT_ENABLED, day: env.MONTHLY_REPORT_DAY, hour: hour ?? 8, minute: minute ?? 0 },
  };
}

/**
 * S14's business calendar: SERVICE_CALENDAR (JSON, the fields of zBusinessCalendar; missing fields
 * take the defaults: Monday to Friday 08:30–12:00 and 13:00–17:30 in TIME_ZONE), made always open
 * by SERVICE_CALENDAR_ALWAYS_OPEN.
 */
function serviceCalendar(env: Env): BusinessCalendar {
  let given: unknown = {};
  if (env.SERVICE_CALENDAR !== undefined && env.SERVICE_CALENDAR.trim() !== '') {
    try {
      given = JSON.parse(env.SERVICE_CALENDAR);
    } catch {
      throw new ConfigError('SERVICE_CALENDAR', 'is invalid: must be a JSON object such as {"workingDays":[1,2,3,4,5],"hours":[{"start":"08:30","end":"17:30"}]}');
    }
    if (!given || typeof given !== 'object' || Array.isArray(given)) {
      throw new ConfigError('SERVICE_CALENDAR', 'is invalid: must be a JSON object');
    }
  }
  const parsed = zBusinessCalendar().safeParse({ ...DEFAULT_CALENDAR, timeZone: env.TIME_ZONE, ...(given as object) });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError('SERVICE_CALENDAR', `is invalid: ${issue.path.join('.') || '(calendar)'} ${issue.message}`);
  }
  return { ...parsed.data, alwaysOpen: parsed.data.alwaysOpen || env.SERVICE_CALENDAR_ALWAYS_OPEN };
}

/** Entry points call this: on a bad value it prints one line and exits non-zero. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}
