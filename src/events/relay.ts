import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { Logger } from 'pino';
import type { EventPublisher } from './kafka-publisher';
import { endsThePatient, latestState } from './latest-state';
import { relayStatements as outbox, type PendingOutboxRow } from './outbox';
import { relayLease, type Lease } from './relay-lease';

export interface RelayOptions {
  databaseUrl: string;
  publisher: EventPublisher;
  logger: Logger;
  /** Most events sent in one produce request. */
  batchSize: number;
  /** Safety-net poll when no notification arrives (the relay normally wakes on commit). */
  pollIntervalMs: number;
  /**
   * Least time between the starts of two batches that found events (unset: 0, none; the service
   * passes OUTBOX_LINGER_MS, default 10): a commit within this of the last batch waits for the
   * rest of it and goes with the commits after it in one produce request, instead of a batch of its own; one after a quiet spell goes at once. A
   * full batch is followed at once (a backlog drains at full speed), and the wait never delays a
   * due lease renewal. A sent batch is marked published with the next read, so normally this long
   * after its send.
   */
  lingerMs?: number;
  /** Backoff after a failure doubles from 100 ms up to this. */
  maxBackoffMs: number;
  /**
   * How long the leadership lasts unrenewed (OUTBOX_LEASE_MS, default 5 s). The leader renews
   * it at every turn of its loop (at least every third of it); the others try to take it at
   * least every half of it, so a frozen leader is replaced within 1.5 times this.
   */
  leaseMs?: number;
  /**
   * Told after each turn of the loop and each failure, when stats() may have changed (the relay
   * thread shares them at once rather than on its next poll). The producer's connection can
   * also change in between.
   */
  onChange?: () => void;
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

/** A started relay, on the main thread (OutboxRelay) or its own (RelayThread); stop() false: it did not end cleanly. */
export interface RunningRelay extends RelayStatsSource {
  stop(): Promise<boolean | void>;
}

/**
 * One publisher among all instances on the database: the holder of the relay lease
 * (src/events/relay-lease.ts).
 *
 * Why one leader rather than row claims (`FOR UPDATE SKIP LOCKED`): with claims, two instances
 * take different batches, and instance B may publish a patient's later event while instance A
 * still holds the earlier one, breaking per-patient order. One publisher at a time keeps the
 * outbox's total order; throughput is bounded by batching, not by instance count.
 *
 * Why a lease rather than the session advisory lock it replaces: a frozen leader (SIGSTOP, a
 * VM paused, a GC stall) keeps its session, so the lock held and delivery stopped for every
 * instance (issue 15). A lease ends by itself. Fencing: the rows of a batch are marked
 * published only while the lease still names this leader and epoch (checked in the marking
 * statement), and a leader whose lease ran out on its own clock (monotonic, so a freeze
 * counts) sends nothing before renewing it. What remains is at least once, as before: a batch
 * a leader had handed to the producer when it froze may also reach Kafka, with the same event
 * ids, after the new leader sent it.
 *
 * Why not Kafka transactions (a transactional.id fences a zombie producer): every consumer
 * would have to read with isolation.level=read_committed to be protected, the broker needs a
 * transaction state log (replicated three times by default), and the database marks would still
 * need their own fence; the lease covers both ends with the database already in the path.
 */

class PublishError extends Error {}

/**
 * Relays committed outbox rows to Kafka (the event stream and the compacted state topic), in
 * outbox order, and marks them published; a patient's rows go as soon as its deletion is
 * published. (Older published rows are OutboxRetention's business, which runs with or without
 * a broker.)
 */
export class OutboxRelay implements RunningRelay {
  private client: pg.Client | undefined;
  private leader = false;
  private lease: Lease | undefined;
  /** performance.now() after which this instance's lease may have expired. */
  private leaseDeadline = 0;
  private readonly holder = `${os.hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
  private readonly leaseMs: number;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** Ends the current backoff or linger early (stop). */
  private endWait: (() => void) | undefined;
  /** performance.now() when the read of the last batch that found events began. */
  private lastBatchAt = Number.NEGATIVE_INFINITY;
  private woken = false;
  /**
   * The batch sent last, not marked published yet: its mark goes with the next read, in one
   * round trip (normally a linger after the send), or at stop(). Kept with the lease's epoch it
   * was sent under: after a change of hands it is not marked (see markSent).
   */
  private unmarked: { positions: string[]; deleted: string[]; epoch: number } | undefined;
  private backoffMs = 0;
  private failedSince: number | undefined;
  private streakStart = 0;
  private lastFailureLineAt = 0;
  private readonly logger: Logger;
  private readonly counters = { published: 0, failedAttempts: 0, failedEvents: 0, lastError: undefined as string | undefined };

  constructor(private readonly options: RelayOptions) {
    this.logger = options.logger.child({ component: 'outbox-relay' });
    this.leaseMs = options.leaseMs ?? 5_000;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops after the current batch, then releases the leadership, the connection and the producer. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.signal();
    this.endWait?.();
    await this.loop;
    if (this.client && this.leader) {
      // The batch sent last, so that the next leader does not send it again.
      await this.markSent(0).catch((error: unknown) => this.logger.warn({ err: error }, 'marking the last batch published (or erasing what a deletion leaves) failed; the next leader may send it again'));
      // Hand the leadership over at once rather than after the lease runs out.
      await relayLease.release(this.client, this.holder).catch(() => undefined);
    }
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
        // A leader renews once a third of its lease has passed, not at every turn: a renewal is
        // a committed write, and under steady writes the loop turns every few milliseconds.
        if (!this.leader || performance.now() > this.leaseDeadline - (2 * this.leaseMs) / 3) await this.renewLease();
        if (!this.leader) {
          this.recovered();
          this.options.onChange?.();
          await this.pause(Math.min(this.options.pollIntervalMs, this.leaseMs / 2));
          continue;
        }
        await this.connectPublisher();
        const sent = await this.relayBatch();
        // Also with nothing to send: a failure streak ends when the loop works again.
        this.recovered();
        this.options.onChange?.();
        if (sent < this.options.batchSize) {
          // A batch waiting for its mark: the next turn marks it (and reads) after the linger, commit or not.
          if (!this.unmarked) await this.pause(Math.min(this.options.pollIntervalMs, this.leaseMs / 3));
          // Never past when the lease is due for renewal (at the top of the loop).
          await this.waitFor(Math.min(this.lastBatchAt + (this.options.lingerMs ?? 0), this.leaseDeadline - (2 * this.leaseMs) / 3) - performance.now());
        }
      } catch (error) {
        this.counters.failedAttempts += 1;
        this.counters.lastError = describe(error);
        if (this.failedSince === undefined) {
          this.failedSince = Date.now();
          this.streakStart = this.counters.failedAttempts - 1;
        }
        this.backoffMs = Math.min(this.options.maxBackoffMs, Math.max(100, this.backoffMs * 2));
        const what = error instanceof PublishError ? 'publishing to Kafka failed' : 'outbox database connection failed';
        // One line with the error when a run of failures begins, then one every 10 s (a line per retry flooded the log).
        const now = Date.now();
        if (now - this.lastFailureLineAt >= 10_000 || this.counters.failedAttempts === this.streakStart + 1) {
          this.logger.warn({ err: error, retryInMs: this.backoffMs, failingForMs: now - this.failedSince }, `${what}; events stay in the outbox, retrying`);
          this.lastFailureLineAt = now;
        }
        if (!(error instanceof PublishError)) await this.disconnect();
        this.options.onChange?.();
        // Not woken early by commits: a struggling broker or database gets its backoff. Only stop() ends it.
        await this.waitFor(this.backoffMs);
      }
    }
  }

  /** Waits `ms` (nothing when it is not positive, or when stopping); commits do not end it, stop() does. */
  private async waitFor(ms: number): Promise<void> {
    if (ms <= 0 || this.stopping) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.endWait = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.endWait = undefined;
  }

  private async connect(): Promise<void> {
    if (!this.client) {
      const client = new pg.Client({
        connectionString: this.options.databaseUrl,
        application_name: 'patient-service-outbox-relay',
        // A database that stops answering costs the lease, not the loop.
        query_timeout: this.leaseMs,
        connectionTimeoutMillis: this.leaseMs,
        keepAlive: true,
      });
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
  }

  /** Takes or renews the lease; a leader that finds it gone stops publishing. */
  private async renewLease(): Promise<void> {
    if (!this.client) return;
    const askedAt = performance.now();
    const lease = await relayLease.acquire(this.client, this.holder, this.leaseMs);
    if (lease) {
      // From when it was asked for: the database's expiry is no earlier than that.
      this.leaseDeadline = askedAt + this.leaseMs;
      if (!this.leader) this.logger.info({ epoch: lease.epoch }, 'this instance now publishes the outbox');
      this.leader = true;
      this.lease = lease;
    } else {
      this.loseLease('another instance holds the relay lease');
    }
  }

  private loseLease(why: string): void {
    if (this.leader) this.logger.warn({ epoch: this.lease?.epoch }, `${why}: this instance stops publishing the outbox`);
    this.leader = false;
    this.lease = undefined;
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    // The lease stays in the table until it expires; without a connection it cannot be used.
    this.leader = false;
    this.lease = undefined;
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

  /** Sends the oldest pending events in outbox order (marking the batch before them); returns how many were sent. */
  private async relayBatch(): Promise<number> {
    const client = this.client;
    const lease = this.lease;
    if (!client || !lease) return 0;
    const readAt = performance.now();
    // The read sees every commit before it: only a notification after it is news.
    this.woken = false;
    const rows = this.unmarked ? await this.markSent(this.options.batchSize) : await outbox.pending(client, this.options.batchSize);
    if (rows.length === 0) return 0;
    this.lastBatchAt = readAt;
    // Frozen since the renewal (the clock is monotonic: a SIGSTOP counts), or about to run out:
    // another instance may lead by now. Renew first.
    if (performance.now() > this.leaseDeadline - this.leaseMs / 3) {
      // Straight back to the top of the loop, which renews: pending rows are known, no pause.
      this.woken = true;
      return 0;
    }
    const positions = rows.map((row) => row.position);
    try {
      await this.options.publisher.publish(rows.map((row) => ({ key: row.aggregate_id, value: row.payload, state: latestState(row) })));
    } catch (error) {
      this.counters.failedEvents += rows.length;
      await outbox.markFailed(client, positions, describe(error));
      throw new PublishError(describe(error), { cause: error });
    }
    const deleted = [...new Set(rows.filter((row) => endsThePatient(row.event_type)).map((row) => row.aggregate_id))];
    this.unmarked = { positions, deleted, epoch: lease.epoch };
    return rows.length;
  }

  /**
   * Marks the batch sent last published (fenced by the lease) and reads up to `limit` pending
   * rows after it in the same statement; erases what a published deletion leaves of its patient.
   */
  private async markSent(limit: number): Promise<PendingOutboxRow[]> {
    const { client, lease, unmarked } = this;
    if (!client || !lease || !unmarked) return [];
    // The lease changed hands since the send: the leader in between marked these rows, or they
    // are still pending and are read (and sent) again.
    if (unmarked.epoch !== lease.epoch) {
      this.unmarked = undefined;
      return limit > 0 ? outbox.pending(client, limit) : [];
    }
    const { marked, next } = await relayLease.markPublishedAndReadNext(client, unmarked.positions, this.holder, lease, limit);
    this.unmarked = undefined;
    if (!marked) {
      this.loseLease('the relay lease passed to another instance while this one was publishing');
      return [];
    }
    this.counters.published += unmarked.positions.length;
    // A crash before this leaves the rows to OutboxRetention: they are published, nothing is lost.
    if (unmarked.deleted.length > 0) await outbox.eraseDeleted(client, unmarked.deleted);
    return next;
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
