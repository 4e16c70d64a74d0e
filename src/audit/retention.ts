import type { Knex } from 'knex';
import type { Logger } from 'pino';

export interface AuditRetentionOptions {
  db: Knex;
  logger: Logger;
  /** AUDIT_RETENTION_DAYS: events older than this are removed. */
  retentionDays: number;
  /** How often the job runs (the first run is at start). */
  intervalMs: number;
  /** Rows removed per statement: each batch is one short statement, well inside the statement timeout. */
  batchSize?: number;
}

/**
 * The only remover of audit events: every `intervalMs` it deletes the events older than the
 * retention through purge_audit_events() (the migration's function, the one way past the
 * table's append-only trigger), in batches, and logs how many it removed (a count, nothing
 * else). Instances on one database may run it side by side: each batch deletes what is still
 * there. A failed run is logged and retried at the next interval.
 */
export class AuditRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;
  private readonly logger: Logger;
  private readonly batchSize: number;

  constructor(private readonly options: AuditRetentionOptions) {
    this.logger = options.logger.child({ component: 'audit-retention' });
    this.batchSize = options.batchSize ?? 5_000;
  }

  start(): void {
    if (this.timer || this.stopped) return;
    void this.runInBackground();
    this.timer = setInterval(() => void this.runInBackground(), this.options.intervalMs);
    this.timer.unref();
  }

  /** Removes the events older than the retention now; resolves with how many. */
  async runOnce(): Promise<number> {
    this.running ??= this.purge().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Stops the timer and waits for a run in progress (it stops after its current batch). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  private async runInBackground(): Promise<void> {
    try {
      await this.runOnce();
    } catch (error) {
      this.logger.error({ error: (error as Error).name, code: (error as { code?: unknown }).code }, 'audit retention: removing old audit events failed; retrying at the next run');
    }
  }

  private async purge(): Promise<number> {
    const { retentionDays } = this.options;
    let removed = 0;
    for (;;) {
      const result = await this.options.db.raw<{ rows: { removed: number }[] }>('SELECT purge_audit_events(?, ?) AS removed', [retentionDays, this.batchSize]);
      const batch = Number(result.rows[0]?.removed ?? 0);
      removed += batch;
      if (batch < this.batchSize || this.stopped) break;
    }
    this.logger.info({ removed, retentionDays }, `audit retention: removed ${removed} audit event(s) older than ${retentionDays} days`);
    return removed;
  }
}
