import type { Knex } from 'knex';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DatabaseAvailability } from '../db/availability';
import { outboxBacklog, type OutboxBacklog } from '../events/outbox';
import type { RelayStatsSource } from '../events/relay';
import type { RequestOutcome } from '../http/request-context';
import { withTimeout } from '../timeout';

/** What the metrics read of knex's connection pool (a tarn Pool). */
interface PoolSizes {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  max: number;
}

export interface MetricsOptions {
  db: Knex;
  /** The relay of this process; without one its metrics are absent. */
  relay?: RelayStatsSource;
  /** Whether the database answers, as the requests see it; without one its metrics are absent. */
  availability?: Pick<DatabaseAvailability, 'stats'>;
  /** How long a scrape waits for the outbox backlog query before reporting it as unknown (NaN). */
  backlogTimeoutMs?: number;
}

/** A scrape's answer: the Prometheus text exposition and its content type. */
export interface MetricsExposition {
  contentType: string;
  body: string;
}

/** What the metrics port serves: one process's metrics, or (cluster primary) all workers' summed. */
export interface MetricsSource {
  exposition(): Promise<MetricsExposition>;
}

let processRegistry: Registry | undefined;

/**
 * Node's process metrics (CPU, memory, event loop lag, GC, handles): one registry per process,
 * created on first use. They describe the process, not an app instance, and collecting them
 * installs observers that are never removed, so every app (tests build many) shares them.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * The service's Prometheus metrics, in a registry of its own (not prom-client's global one):
 * HTTP request durations by route template, the database pool, the outbox backlog and the
 * relay's counters. Everything but the request histogram is read when scraped.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly requestDuration: Histogram<'method' | 'route' | 'status_code'>;
  private backlogInFlight: Promise<OutboxBacklog | undefined> | undefined;

  constructor(private readonly options: MetricsOptions) {
    const registers = [this.registry];
    this.requestDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Duration of HTTP requests, by method, route template (never the URL; `unmatched` for unknown paths) and status code (499: the client went away).',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });

    const pool = (): PoolSizes | undefined =>
      // knex types its client as `any`; the pool is a tarn Pool while the knex instance is open.
      (options.db.client as { pool?: PoolSizes }).pool;
    new Gauge({
      name: 'db_pool_connections',
      help: 'Connections of the database pool, by state: used (lent to a query) or free (idle).',
      labelNames: ['state'],
      registers,
      collect() {
        this.set({ state: 'used' }, pool()?.numUsed() ?? 0);
        this.set({ state: 'free' }, pool()?.numFree() ?? 0);
      },
    });
    new Gauge({
      name: 'db_pool_pending_acquires',
      help: 'Queries waiting for a connection of the database pool.',
      registers,
      collect() {
        this.set(pool()?.numPendingAcquires() ?? 0);
      },
    });
    new Gauge({
      name: 'db_pool_max_connections',
      help: 'Size limit of the database pool (DB_POOL_MAX).',
      registers,
      collect() {
        this.set(pool()?.max ?? 0);
      },
    });

    const backlog = (): Promise<OutboxBacklog | undefined> => this.backlog();
    // The backlog is one fact of the database, read by every worker: the cluster primary shows it once, not summed.
    new Gauge({
      name: 'outbox_pending_events',
      help: 'Events committed but not yet published to Kafka (counted up to 100000; NaN when the database did not answer).',
      registers,
      aggregator: 'max',
      async collect() {
        this.set((await backlog())?.pending ?? Number.NaN);
      },
    });
    new Gauge({
      name: 'outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest event not yet published to Kafka; 0 when none is pending, NaN when the database did not answer.',
      registers,
      aggregator: 'max',
      async collect() {
        const value = await backlog();
        this.set(value ? (value.oldestPendingAgeSeconds ?? 0) : Number.NaN);
      },
    });

    // The relay and the availability keep running totals; a counter mirrors them at each scrape.
    const mirror = (name: string, help: string, read: () => number): void => {
      new Counter({
        name,
        help,
        registers,
        collect() {
          this.reset();
          this.inc(read());
        },
      });
    };
    const availability = options.availability;
    if (availability) {
      new Gauge({
        name: 'db_up',
        help: '0 while the database is unreachable as the requests see it (the last query or connection attempt failed so), else 1.',
        registers,
        // Several workers: 0 when any of them sees it down.
        aggregator: 'min',
        collect() {
          this.set(availability.stats().down ? 0 : 1);
        },
      });
      mirror('db_unreachable_errors_total', 'Queries and connection attempts that failed because the database could not be reached (each a 503 when a request made it).', () => availability.stats().unreachableErrors);
      mirror('db_outages_total', 'Times the database went from reachable to unreachable.', () => availability.stats().outages);
    }

    const relay = options.relay;
    if (relay) {
      mirror('outbox_events_published_total', 'Events this instance published to Kafka.', () => relay.stats().published);
      mirror('outbox_events_failed_total', 'Events in publish attempts that failed (an event tried three times counts three times).', () => relay.stats().failedEvents);
      mirror('outbox_relay_failures_total', 'Failed relay attempts (publishing or the outbox database), each followed by a backoff.', () => relay.stats().failedAttempts);
      new Gauge({
        name: 'outbox_relay_leader',
        help: '1 when this instance is the one that publishes the outbox (across all instances exactly one should be).',
        registers,
        collect() {
          this.set(relay.stats().leader ? 1 : 0);
        },
      });
    }
  }

  observeRequest({ method, route, status, durationMs }: RequestOutcome): void {
    this.requestDuration.observe({ method, route, status_code: String(status) }, durationMs / 1000);
  }

  /** The process's and this app's registries (a cluster worker hands them to the primary's aggregation). */
  registries(): Registry[] {
    return [processMetrics(), this.registry];
  }

  /** The Prometheus text exposition of the process's and this app's metrics. */
  async exposition(): Promise<MetricsExposition> {
    const merged = Registry.merge(this.registries());
    return { contentType: merged.contentType, body: await merged.metrics() };
  }

  /**
   * One backlog query per scrape, shared by the two gauges that show it (and by concurrent
   * scrapes); bounded in time so a slow database cannot hold a scrape.
   */
  private backlog(): Promise<OutboxBacklog | undefined> {
    this.backlogInFlight ??= this.queryBacklog().finally(() => {
      this.backlogInFlight = undefined;
    });
    return this.backlogInFlight;
  }

  private queryBacklog(): Promise<OutboxBacklog | undefined> {
    return withTimeout(outboxBacklog(this.options.db), this.options.backlogTimeoutMs ?? 1_000).catch(() => undefined);
  }
}
