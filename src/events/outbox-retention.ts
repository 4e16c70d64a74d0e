import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { deletePublishedBefore } from './outbox';

export interface OutboxRetentionOptions {
  db: Knex;
  logger: Logger;
  /** Published rows older than this are deleted (OUTBOX_RETENTION_HOURS). */
  retentionSeconds: number;
  /** How often it looks. */
  intervalMs: number;
  /** Rows deleted per statement (default 5,000): each batch is one short statement, well inside the statement timeout. */
  batchSize?: number;
}

/**
 * Deletes published outbox rows past their retention, on every instance and whether or not a
 * broker is configured (a service restarted without KAFKA_BROKERS still has the rows an earlier
 * run published). Pending rows are never touched: they are still to be delivered. Concurrent
 * runs on several instances only delete what the first one left. A pass deletes in batches
 * until one comes back short, so a backlog of any size goes in one pass (stop() ends it after
 * the batch in progress).
 */
export class OutboxRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private readonly logger: Logger;
  private readonly batchSize: number;

  constructor(private readonly options: OutboxRetentionOptions) {
    this.logger = options.logger.child({ component: 'outbox-retention' });
    this.batchSize = options.batchSize ?? 5_000;
  }

  /** Runs once now, then every interval. */
  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.runOnce(), this.options.intervalMs);
    this.timer.unref();
    void this.runOnce();
  }

  /** One pass (a pass already running is joined, not doubled); failures are logged and retried at the next interval. */
  async runOnce(): Promise<void> {
    this.running ??= this.deleteAll()
      .then((deleted) => {
        if (deleted > 0) this.logger.info({ deleted }, 'deleted published outbox rows past retention');
      })
      .catch((error: unknown) => this.logger.warn({ err: error }, 'deleting published outbox rows failed; retrying at the next interval'))
      .finally(() => {
        this.running = undefined;
      });
    await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async deleteAll(): Promise<number> {
    let deleted = 0;
    for (;;) {
      const batch = await deletePublishedBefore(this.options.db, this.options.retentionSeconds, this.batchSize);
      deleted += batch;
      if (batch < this.batchSize || this.stopped) return deleted;
    }
  }
}
