import type { Redis } from 'ioredis';
import { RateLimiterCluster, RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger } from 'pino';

/** What one charge left of a key's budget in the current window. */
export interface Charge {
  allowed: boolean;
  /** Points left in this window (0 when refused). */
  remaining: number;
  /** Whole seconds until the window resets (at least 1). */
  resetSeconds: number;
}

export interface RateLimitOptions {
  /** Points each key may spend per window. */
  points: number;
  windowSeconds: number;
  /** Shared store: every replica charges the same budget. Without it each process counts alone. */
  redis?: Redis;
  /**
   * This process is one of WORKERS cluster workers (WEB_CONCURRENCY > 1): the in-memory budget
   * is the host's, kept by the cluster primary (src/cluster/primary.ts), not one per worker.
   */
  clusterWorkers?: number;
  logger: Logger;
}

const KEY_PREFIX = 'patient-service:rate-limit';
/** How long a worker waits for the primary's answer before charging its own share instead. */
const PRIMARY_TIMEOUT_MS = 1_000;

function chargeOf(res: RateLimiterRes, allowed: boolean): Charge {
  return { allowed, remaining: allowed ? res.remainingPoints : 0, resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
}

/**
 * Fixed-window budgets of points per key (rate-limiter-flexible), in memory or in Redis.
 *
 * When Redis fails (down, unreachable, too slow) the charge falls back to a limiter in this
 * process' memory: neither fail-open nor fail-closed. Failing open would lift every limit
 * (bulk harvesting of health data) exactly when an attacker has knocked Redis over; failing
 * closed would turn a cache outage into a full outage of the patient API. Per-process limits
 * keep each replica protected, at most N replicas times the budget, until Redis answers again.
 * One log line per change of state, never one per request.
 *
 * In a cluster worker (WEB_CONCURRENCY > 1) the in-memory limiter is rate-limiter-flexible's
 * RateLimiterCluster: the budgets live in the primary, which every worker asks over IPC, so
 * the host allows RATE_LIMIT_POINTS per caller however the requests spread over the workers.
 * Should the primary not answer in time, the worker charges a budget of its own of
 * RATE_LIMIT_POINTS / WEB_CONCURRENCY (rounded up): the host's total stays near the limit.
 */
export class RateLimits {
  readonly points: number;
  readonly windowSeconds: number;
  private readonly local: RateLimiterAbstract;
  /** In a cluster worker: its own share of the budget, when the primary does not answer. */
  private readonly ownShare: RateLimiterAbstract | undefined;
  private readonly shared: RateLimiterAbstract | undefined;
  private sharedDown = false;

  constructor(private readonly options: RateLimitOptions) {
    this.points = options.points;
    this.windowSeconds = options.windowSeconds;
    const workers = options.clusterWorkers ?? 1;
    this.local = workers > 1
      ? new RateLimiterCluster({ points: options.points, duration: options.windowSeconds, keyPrefix: KEY_PREFIX, timeoutMs: PRIMARY_TIMEOUT_MS })
      : new RateLimiterMemory({ points: options.points, duration: options.windowSeconds, keyPrefix: KEY_PREFIX });
    this.ownShare = workers > 1 ? new RateLimiterMemory({ points: Math.ceil(options.points / workers), duration: options.windowSeconds, keyPrefix: KEY_PREFIX }) : undefined;
    this.shared = options.redis
      ? new RateLimiterRedis({ storeClient: options.redis, points: options.points, duration: options.windowSeconds, keyPrefix: KEY_PREFIX })
      : undefined;
  }

  /** Spends COST points of KEY's budget; refused (nothing spent beyond the budget) when it does not fit. */
  async charge(key: string, cost: number): Promise<Charge> {
    if (this.shared && !this.sharedDown) {
      const charge = await this.chargeOn(this.shared, key, cost);
      if (charge) return charge;
      // Concurrent requests may all have failed on Redis: the first one to get here reports it.
      if (!this.sharedDown) {
        this.sharedDown = true;
        this.options.logger.error('rate limits: Redis does not answer; each instance limits on its own until it does');
        this.probeShared();
      }
    }
    const charge = await this.chargeOn(this.local, key, cost);
    if (charge || !this.ownShare) return charge!;
    return (await this.chargeOn(this.ownShare, key, cost))!;
  }

  /** undefined: the store failed (not a refusal). */
  private async chargeOn(limiter: RateLimiterAbstract, key: string, cost: number): Promise<Charge | undefined> {
    try {
      return chargeOf(await limiter.consume(key, cost), true);
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes) return chargeOf(outcome, false);
      return undefined;
    }
  }

  // While Redis is down no request waits for it: one probe a second finds out when it is back.
  private probeShared(): void {
    const timer = setInterval(() => {
      void this.options.redis!.ping().then(
        () => {
          clearInterval(timer);
          this.sharedDown = false;
          this.options.logger.info('rate limits: Redis answers again; limits are shared across instances');
        },
        () => undefined,
      );
    }, 1_000);
    timer.unref();
    this.stopProbe = () => clearInterval(timer);
  }

  private stopProbe: () => void = () => undefined;

  close(): void {
    this.stopProbe();
  }
}
