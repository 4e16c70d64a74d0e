import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { isConnectionError } from './connection-errors';

export interface AvailabilityStats {
  /** Whether the last thing tried on the database failed because it could not be reached. */
  down: boolean;
  /** Queries and connection attempts that failed because the database could not be reached. */
  unreachableErrors: number;
  /** How many times the database went from reachable to unreachable. */
  outages: number;
}

export interface AvailabilityOptions {
  logger: Logger;
  /** While down, a "still unreachable" line at most this often (OUTAGE_LOG_INTERVAL_SECONDS). */
  repeatIntervalMs: number;
  /** The clock (tests pass their own). */
  now?: () => number;
}

/**
 * Whether the database answers, as the requests see it, logged once per change of state: one
 * line when it goes away, one "still unreachable" line every interval while it stays away (with
 * how many failures since the last line), one line when it is back. Without it every request of
 * an outage logged its error with a stack trace (426 lines in 30 s).
 *
 * Fed by the pool's query events ({@link watch}) and by the error handler (a pool that cannot
 * hand out a connection fails before any query runs).
 */
export class DatabaseAvailability {
  private down = false;
  private downSince = 0;
  private lastLineAt = 0;
  private sinceLastLine = 0;
  private unreachableErrors = 0;
  private outages = 0;
  private readonly now: () => number;
  private readonly logger: Logger;

  constructor(private readonly options: AvailabilityOptions) {
    this.now = options.now ?? Date.now;
    this.logger = options.logger.child({ component: 'database' });
  }

  /** Follows every query of `db`: a connection error counts as down, any answer as up. */
  watch(db: Knex): this {
    db.on('query-error', (error: unknown) => this.failed(error));
    db.on('query-response', () => this.answered());
    return this;
  }

  /** Records a failure; true when it was one of the database being unreachable (the caller then need not log it). */
  failed(error: unknown): boolean {
    if (!isUnreachable(error)) return false;
    this.unreachableErrors += 1;
    this.sinceLastLine += 1;
    const now = this.now();
    if (!this.down) {
      this.down = true;
      this.outages += 1;
      this.downSince = now;
      this.lastLineAt = now;
      this.sinceLastLine = 0;
      this.logger.error({ error: errorName(error) }, 'database unreachable: requests get 503 until it is back');
    } else if (now - this.lastLineAt >= this.options.repeatIntervalMs) {
      this.logger.error({ error: errorName(error), downForSeconds: seconds(now - this.downSince), failedSinceLastLine: this.sinceLastLine }, 'database still unreachable');
      this.lastLineAt = now;
      this.sinceLastLine = 0;
    }
    return true;
  }

  /** The database answered. */
  answered(): void {
    if (!this.down) return;
    this.down = false;
    this.logger.info({ downForSeconds: seconds(this.now() - this.downSince), failedSinceLastLine: this.sinceLastLine }, 'database reachable again');
  }

  stats(): AvailabilityStats {
    return { down: this.down, unreachableErrors: this.unreachableErrors, outages: this.outages };
  }
}

// A statement the server cancelled (statement or idle-in-transaction timeout) is an answer: the database is there.
const ANSWERED_CODES = new Set(['57014', '25P03']);

function isUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return isConnectionError(error) && !(typeof code === 'string' && ANSWERED_CODES.has(code));
}

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

/** The error's class and code, never its message (driver messages can quote statements or values). */
function errorName(error: unknown): string {
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  return [typeof name === 'string' ? name : 'Error', typeof code === 'string' ? code : undefined].filter(Boolean).join(' ');
}
