import pg from 'pg';
import type { Logger } from 'pino';
import type { EventPublisher } from './kafka-publisher';
import { endsThePatient, latestState } from './latest-state';
import { relayStatements as outbox } from './outbox';

export interface RelayOptions {
  databaseUrl: string;
  publisher: EventPublisher;
  logger: Logger;
  /** Most events sent in one produce request. */
  batchSize: number;
  /** Safety-net poll when no notification arrives (the relay normally wakes on commit). */
  pollIntervalMs: number;
  /** Backoff after a failure doubles from 100 ms up to this. */
  maxBackoffMs: number;
}

export interface RelayStats {
  leader: boolean;
  published: number;
  failedAttempts: number;
  /** Events in failed publish attempts; an event tried three times counts three times. */
  failedEvents: number;
  lastError: string | undefined;
  /** When the current run of failures began (ms since the epoch); undefined while delivery works. */
  failingSince: number | undefined;
  /** Whether the producer holds a connection to the brokers. */
  producerConnected: boolean;
}

/** What the probes and metrics read of a relay (an OutboxRelay, or a stand-in in tests). */
export interface RelayStatsSource {
  stats(): RelayStats;
}

/**
 * Any fixed 64-bit number: the key of the session-level advisory lock that makes one relay the
 * publisher among all instances on the database.
 *
 * Why one leader rather than row claims (`FOR UPDATE SKIP LOCKED`): with claims, two instances
 * take different batches, and instance B may publish a patient's later event while instance A
 * still holds the earlier one, breaking per-patient order. Per-key claims would fix that at
 * the price of much more machinery. One publisher at a time keeps the outbox's total order;
 * throughput is bounded by batching, not by instance count. If the leader dies its session
 * ends, the lock is released and another instance takes over within one poll interval; rows
 * it had sent but not yet marked are sent again with the same event id (at least once).
 */
const LEADER_LOCK_KEY = '7363202612270001';

class PublishError extends Error {}

/**
 * Relays committed outbox rows to Kafka (the event stream and the compacted state topic), in
 * outbox order, and marks them published; a patient's rows go as soon as its deletion is
 * published. (Older published rows are OutboxRetention's business, which runs with or without
 * a broker.)
 */
export class OutboxRelay {
  private client: pg.Client | undefined;
  private leader = false;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private endBackoff: (() => void) | undefined;
  private woken = false;
  private backoffMs = 0;
  private failedSince: number | undefined;
  private readonly logger: Logger;
  private readonly counters = { published: 0, failedAttempts: 0, failedEvents: 0, lastError: undefined as string | undefined };

  constructor(private readonly options: RelayOptions) {
    this.logger = options.logger.child({ component: 'outbox-relay' });
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops after the current batch, then releases the leadership, the connection and the producer. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.signal();
    this.endBackoff?.();
    await this.loop;
    await this.disconnect();
    await this.options.publisher.close().catch((error: unknown) => this.logger.warn({ err: error }, 'closing the producer failed'));
  }

  stats(): RelayStats {
    return { leader: this.leader, ...this.counters, failingSince: this.failedSince, producerConnected: this.options.publisher.isConnected() };
  }

  private signal(): void {
    this.woken = true;
    this.wake?.();
  }

  /** Waits `ms`, or less when woken (a commit notification, or stop). */
  private async pause(ms: number): Promise<void> {
    if (this.woken || this.stopping) {
      this.woken = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
    this.woken = false;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.connect();
        if (!this.leader) {
          this.recovered();
          await this.pause(this.options.pollIntervalMs);
          continue;
        }
        await this.connectPublisher();
        const sent = await this.relayBatch();
        // Also with nothing to send: a failure streak ends when the loop works again.
        this.recovered();
        if (sent < this.options.batchSize) await this.pause(this.options.pollIntervalMs);
      } catch (error) {
        this.counters.failedAttempts += 1;
        this.counters.lastError = describe(error);
        this.failedSince ??= Date.now();
        this.backoffMs = Math.min(this.options.maxBackoffMs, Math.max(100, this.backoffMs * 2));
        const what = error instanceof PublishError ? 'publishing to Kafka failed' : 'outbox database connection failed';
        this.logger.warn({ err: error, retryInMs: this.backoffMs }, `${what}; events stay in the outbox, retrying`);
        if (!(error instanceof PublishError)) await this.disconnect();
        // Not woken early by commits: a struggling broker or database gets its backoff. Only stop() ends it.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.stopping ? 0 : this.backoffMs);
          this.endBackoff = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.endBackoff = undefined;
      }
    }
  }

  private async connect(): Promise<void> {
    if (!this.client) {
      const client = new pg.Client({ connectionString: this.options.databaseUrl, application_name: 'patient-service-outbox-relay' });
      client.on('error', (error) => {
        this.logger.warn({ err: error }, 'outbox relay lost its database connection');
        if (this.client === client) {
          this.client = undefined;
          this.leader = false;
        }
        this.signal();
      });
      client.on('notification', () => this.signal());
      await client.connect();
      await outbox.listen(client);
      this.client = client;
    }
    if (!this.leader) {
      const result = await this.client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [LEADER_LOCK_KEY]);
      this.leader = result.rows[0]?.locked === true;
      if (this.leader) this.logger.info('this instance now publishes the outbox');
    }
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.leader = false;
    // Ending the session releases the advisory lock.
    await client?.end().catch(() => undefined);
  }

  /** Connects the producer before there is anything to send, so a broker that is down shows at once. */
  private async connectPublisher(): Promise<void> {
    const { publisher } = this.options;
    if (publisher.isConnected()) return;
    try {
      await publisher.connect();
    } catch (error) {
      throw new PublishError(describe(error), { cause: error });
    }
  }

  /** Sends the oldest pending events in outbox order; returns how many were sent. */
  private async relayBatch(): Promise<number> {
    const client = this.client;
    if (!client) return 0;
    const rows = await outbox.pending(client, this.options.batchSize);
    if (rows.length === 0) return 0;
    const positions = rows.map((row) => row.position);
    try {
      await this.options.publisher.publish(rows.map((row) => ({ key: row.aggregate_id, value: row.payload, state: latestState(row) })));
    } catch (error) {
      this.counters.failedEvents += rows.length;
      await outbox.markFailed(client, positions, describe(error));
      throw new PublishError(describe(error), { cause: error });
    }
    await outbox.markPublished(client, positions);
    this.counters.published += rows.length;
    const deleted = [...new Set(rows.filter((row) => endsThePatient(row.event_type)).map((row) => row.aggregate_id))];
    // A crash before this leaves the rows to OutboxRetention: they are published, nothing is lost.
    if (deleted.length > 0) await outbox.eraseDeleted(client, deleted);
    return rows.length;
  }

  private recovered(): void {
    if (this.failedSince !== undefined) {
      this.logger.info({ downForMs: Date.now() - this.failedSince }, 'outbox delivery recovered');
      this.failedSince = undefined;
    }
    this.backoffMs = 0;
  }
}

/** An error's class and message, short, for the readiness check's lastError and the outbox's last_error (not for logs: those take `err`). */
function describe(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const { name, message } = error as { name?: string; message?: string };
  return `${name ?? 'Error'}: ${message ?? ''}`.slice(0, 500);
}
