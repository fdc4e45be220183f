// Rate limiting per caller (the bearer token, else the session cookie, else the client address): a token bucket of
// `burst` requests refilled at `perMinute`. Limits are per API process; with several processes
// behind a balancer each enforces its own share.
import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { AppError } from '../domain/errors';

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly limit: { perMinute: number; burst: number }, private readonly nowMs: () => number = Date.now) {}

  keyOf(req: Request): string {
    const auth = req.get('authorization');
    if (auth) return `t:${createHash('sha256').update(auth).digest('hex').slice(0, 32)}`;
    const session = /(?:^|;\s*)asp_session=([A-Za-z0-9_-]+)/.exec(req.get('cookie') ?? '')?.[1];
    return session ? `s:${createHash('sha256').update(session).digest('hex').slice(0, 32)}` : `ip:${req.ip}`;
  }

  /** Takes one request from the caller's bucket, or throws rate_limited with the seconds to wait. */
  take(key: string): void {
    const now = this.nowMs();
    const perMs = this.limit.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.burst, updatedMs: now };
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + (now - bucket.updatedMs) * perMs);
    bucket.updatedMs = now;
    if (bucket.tokens < 1) {
      this.buckets.set(key, bucket);
      const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
      throw Object.assign(new AppError('rate_limited', `Too many requests; retry in ${retryAfter} s.`), { retryAfter });
    }
    bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 100_000) this.sweep(now);
  }

  /** Forgets callers whose buckets are full again. */
  private sweep(now: number): void {
    const fullAfterMs = (this.limit.burst / this.limit.perMinute) * 60_000;
    for (const [key, b] of this.buckets) if (now - b.updatedMs > fullAfterMs) this.buckets.delete(key);
  }
}
