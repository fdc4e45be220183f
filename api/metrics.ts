// Prometheus metrics of an API process, `GET /metrics` (text exposition; README "Observing it"):
// how long requests take per route (the declared path pattern, never the raw URL) and status, and
// the business figures of services/metrics.ts, counted from the database when scraped and reused
// for METRICS_CACHE. Scraping needs `Authorization: Bearer <METRICS_TOKEN>`; without a
// METRICS_TOKEN /metrics does not exist (404).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from '../db/client';
import { AppError } from '../domain/errors';
import type { Logger } from '../observability/logger';
import { BUSINESS_FIGURES, type FigureSample, countBusinessFigures } from '../services/metrics';
import { bearerToken } from '../services/tokens';

/** Request durations in seconds: from a cached read (a few ms) to REQUEST_TIMEOUT (30 s). */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The route a request matched, as declared (`/api/v1/complaints/{id}`); `(unmatched)` for any other URL. */
export function routePattern(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path !== 'string') return '(unmatched)';
  return `${req.baseUrl}${path}`.replace(/:(\w+)/g, '{$1}');
}

export interface ApiMetricsOptions {
  db: Database;
  timeZone: string;
  /** How long counted business figures are reused. */
  cacheMs: number;
  now: () => Date;
  logger?: Logger;
  /** Also the process's own figures (CPU, memory, event loop, GC): the API process sets it, tests need not. */
  processMetrics?: boolean;
}

type Figures = Map<string, FigureSample[]>;

export class ApiMetrics {
  readonly registry = new Registry();
  private readonly requests: Histogram<'method' | 'route' | 'status'>;
  private readonly figuresUp: Gauge;
  private readonly figureGauges = new Map<string, Gauge<string>>();
  private cached?: { at: number; figures: Promise<Figures> };

  constructor(private readonly options: ApiMetricsOptions) {
    this.requests = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests answered by the API, by method, route (the declared path pattern) and status code, and how long each took',
      labelNames: ['method', 'route', 'status'],
      buckets: DURATION_BUCKETS,
      registers: [this.registry],
    });
    this.figuresUp = new Gauge({
      name: 'aftersales_business_figures_up',
      help: '1 when the aftersales_* business figures were counted from the database, 0 when the database did not answer (the figures are then left out)',
      registers: [this.registry],
    });
    for (const figure of BUSINESS_FIGURES) {
      this.figureGauges.set(figure.name, new Gauge({ name: figure.name, help: figure.help, labelNames: [...figure.labelNames], registers: [this.registry] }));
    }
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requests.observe({ method, route, status: String(status) }, seconds);
  }

  /** Express middleware: times every request and records it when its response is sent. */
  readonly timeRequests: RequestHandler = (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => this.observeRequest(req.method, routePattern(req), res.statusCode, Number(process.hrtime.bigint() - started) / 1e9));
    next();
  };

  /** The exposition text, with the business figures counted now (or within METRICS_CACHE). */
  async exposition(): Promise<{ contentType: string; text: string }> {
    let figures: Figures | null = null;
    try {
      figures = await this.figures();
    } catch (err) {
      this.options.logger?.warn({ err }, 'metrics: the business figures could not be counted');
    }
    // Set in one synchronous step, so that a scrape never shows a mix of two countings.
    this.figuresUp.set(figures ? 1 : 0);
    for (const [name, gauge] of this.figureGauges) {
      gauge.reset();
      for (const sample of figures?.get(name) ?? []) gauge.set(sample.labels, sample.value);
    }
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }

  private figures(): Promise<Figures> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < this.options.cacheMs) return this.cached.figures;
    const figures = countBusinessFigures(this.options.db, this.options.now(), this.options.timeZone);
    const entry = { at: now, figures };
    this.cached = entry;
    // A failed counting is not reused: the next scrape asks the database again.
    figures.catch(() => {
      if (this.cached === entry) this.cached = undefined;
    });
    return figures;
  }
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** `GET /metrics`: for the holder of METRICS_TOKEN only; without a token configured, not there (404). */
export function metricsEndpoint(metrics: ApiMetrics, token: string | undefined): RequestHandler {
  const expected = token === undefined ? null : digest(token);
  return async (req, res, next) => {
    if (expected === null) return next();
    const given = bearerToken(req.get('authorization'));
    if (!given || !timingSafeEqual(digest(given), expected)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      return next(new AppError('unauthenticated', 'Send Authorization: Bearer <METRICS_TOKEN>.'));
    }
    try {
      const { contentType, text } = await metrics.exposition();
      res.setHeader('Cache-Control', 'no-store');
      res.type(contentType).send(text);
    } catch (err) {
      next(err);
    }
  };
}
