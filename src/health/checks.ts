import type { Knex } from 'knex';
import type { components } from '../../generated/openapi';
import { isMigrated } from '../db/migrate';
import { outboxBacklog } from '../events/outbox';
import type { RelayStatsSource } from '../events/relay';
import { TimeoutError, withTimeout } from '../timeout';

export type Readiness = components['schemas']['Readiness'];
type Checks = Readiness['checks'];

export interface HealthOptions {
  db: Knex;
  /** The relay of this process; absent when KAFKA_BROKERS is not set. */
  relay?: RelayStatsSource;
  /** How long the database may take to answer before it counts as down (probes time out at 4-5 s). */
  databaseTimeoutMs?: number;
  /** A backlog whose oldest event is older than this is reported stalled (OUTBOX_STALL_SECONDS, default 30). */
  stallSeconds?: number;
}

/** Why a check failed, without details (driver messages can quote statements or values). */
function reason(error: unknown): string {
  if (error instanceof TimeoutError) return error.message;
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  return [typeof name === 'string' ? name : 'Error', typeof code === 'string' ? code : undefined].filter(Boolean).join(' ').slice(0, 200);
}

function kafkaCheck(relay: RelayStatsSource | undefined, now: number): Checks['kafka'] {
  if (!relay) return { status: 'disabled' };
  const stats = relay.stats();
  const failing = stats.failingSince !== undefined;
  const status = failing ? 'down' : !stats.leader ? 'standby' : stats.producerConnected ? 'up' : 'idle';
  return {
    status,
    leader: stats.leader,
    producerConnected: stats.producerConnected,
    published: stats.published,
    failedAttempts: stats.failedAttempts,
    failingForSeconds: stats.failingSince === undefined ? null : Math.max(0, (now - stats.failingSince) / 1000),
    lastError: stats.lastError ?? null,
  };
}

/**
 * The state the probes and /metrics report: database, migrations, the outbox relay and its
 * backlog, and whether the process is shutting down (server.ts says so on SIGTERM).
 *
 * Ready means "send me requests": the database answers and the schema is this version's.
 * Kafka never decides it: while the broker is down writes still work and their events wait in
 * the outbox, so taking instances out of the load balancer would only turn a delay into errors.
 */
export class HealthChecks {
  private shuttingDown = false;

  constructor(private readonly options: HealthOptions) {}

  get relay(): RelayStatsSource | undefined {
    return this.options.relay;
  }

  /** From now on readiness answers `shutting_down` (503), whatever the checks say. */
  beginShutdown(): void {
    this.shuttingDown = true;
  }

  /** Runs the checks; never rejects. The database ones are skipped once the database is found down. */
  async readiness(): Promise<Readiness> {
    const { db, databaseTimeoutMs = 2_000 } = this.options;
    const checks: Checks = {
      database: { status: 'down' },
      migrations: { status: 'unknown' },
      kafka: kafkaCheck(this.options.relay, Date.now()),
      outbox: { pending: null, oldestPendingAgeSeconds: null },
    };
    const startedAt = process.hrtime.bigint();
    try {
      await withTimeout(db.raw('SELECT 1'), databaseTimeoutMs);
      checks.database = { status: 'up', latencyMs: Math.round(Number(process.hrtime.bigint() - startedAt) / 1e4) / 100 };
    } catch (error) {
      checks.database = { status: 'down', error: reason(error) };
    }
    if (checks.database.status === 'up') {
      const [migrated, backlog] = await Promise.allSettled([
        withTimeout(isMigrated(db), databaseTimeoutMs),
        withTimeout(outboxBacklog(db), databaseTimeoutMs),
      ]);
      if (migrated.status === 'fulfilled') checks.migrations = { status: migrated.value ? 'up' : 'pending' };
      if (backlog.status === 'fulfilled') checks.outbox = { ...backlog.value, stalled: (backlog.value.oldestPendingAgeSeconds ?? 0) > (this.options.stallSeconds ?? 30) };
    }
    const ready = checks.database.status === 'up' && checks.migrations.status === 'up';
    return { status: this.shuttingDown ? 'shutting_down' : ready ? 'ready' : 'not_ready', checks };
  }
}
