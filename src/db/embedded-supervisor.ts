import type { Logger } from 'pino';
import type { EmbeddedPostgres } from './embedded-postgres';

export interface SupervisorOptions {
  /** How often the postmaster is looked at (default 1 s). */
  checkIntervalMs?: number;
  /** First wait between restart tries; doubles up to maxBackoffMs (defaults 500 ms and 30 s). */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

export interface Supervisor {
  /** Restarts so far (tries that brought the server back). */
  restarts(): number;
  /** Whether the server is down and being brought back. */
  restarting(): boolean;
  /** Stops watching; waits for a restart try in progress. */
  stop(): Promise<void>;
}

/**
 * Keeps the embedded PostgreSQL running (embedded mode only: with DATABASE_URL the database is
 * someone else's). Once a second it checks that the postmaster process lives; when it is gone
 * (killed, crashed) it starts it again, with a backoff from 0.5 s doubling to 30 s between tries,
 * one log line per try. Requests get 503 meanwhile and are served again, without a restart of
 * the service, once it is back: the pool opens fresh connections. If another instance on the
 * same data folder brings it back first, the try attaches to that server.
 */
export function superviseEmbeddedPostgres(server: EmbeddedPostgres, logger: Logger, options: SupervisorOptions = {}): Supervisor {
  const { checkIntervalMs = 1_000, initialBackoffMs = 500, maxBackoffMs = 30_000 } = options;
  const log = logger.child({ component: 'embedded-postgres' });
  let stopped = false;
  let down = false;
  let restarts = 0;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;

  const schedule = (ms: number, work: () => Promise<void>): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      current = work().finally(() => (current = undefined));
    }, ms);
    timer.unref();
  };

  const check = async (): Promise<void> => {
    if (await server.alive().catch(() => true)) return schedule(checkIntervalMs, check);
    down = true;
    log.error({ dataDir: server.dataDir, port: server.port }, 'embedded PostgreSQL is not running: restarting it');
    await restart(1, initialBackoffMs);
  };

  const restart = async (attempt: number, backoffMs: number): Promise<void> => {
    if (stopped) return;
    log.warn({ attempt }, `starting the embedded PostgreSQL again (try ${attempt})`);
    try {
      const attached = await server.start();
      restarts += 1;
      down = false;
      log.info({ attempt, attached, url: server.displayUrl }, attached ? 'embedded PostgreSQL is back (started by another instance): attached' : 'embedded PostgreSQL is back');
      schedule(checkIntervalMs, check);
    } catch (error) {
      log.warn({ attempt, retryInMs: backoffMs, error: (error as Error).message.split('\n')[0] }, 'restarting the embedded PostgreSQL failed; trying again');
      schedule(backoffMs, () => restart(attempt + 1, Math.min(maxBackoffMs, backoffMs * 2)));
    }
  };

  schedule(checkIntervalMs, check);
  return {
    restarts: () => restarts,
    restarting: () => down,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
