import cluster, { type Worker } from 'node:cluster';
import { RateLimiterClusterMaster } from 'rate-limiter-flexible';
import type { Logger } from '../logger';
import { isWorkerReady } from './messages';

/**
 * The cluster primary of WEB_CONCURRENCY > 1: forks the worker processes, each a whole service
 * (src/server.ts: its own pools, relay, HTTP server on the shared PORT socket), and keeps them
 * running. What must exist once per host (the embedded PostgreSQL, the migrations, the metrics
 * port) server.ts opens in the primary before {@link WorkerPool.start}.
 *
 * - A worker that exits before it serves at the first start is a startup failure (a bad
 *   setting, a port in use): {@link WorkerPool.ready} rejects and the primary stops, instead of
 *   forking it again and again.
 * - A serving worker that dies is forked again after a backoff (doubling from
 *   `initialBackoffMs` to `maxBackoffMs`, back to the start once a worker has served for
 *   `stableMs`), one log line each. A replacement that fails to start `maxStartFailures` times
 *   in a row makes the primary give up (`onGiveUp`).
 * - {@link WorkerPool.stop} sends each worker SIGTERM: each drains and closes as a single
 *   process does; resolves once all have exited.
 */
export interface WorkerPoolOptions {
  count: number;
  /** Variables the workers get on top of the primary's environment (DATABASE_URL of the embedded PostgreSQL). */
  env: Record<string, string>;
  logger: Logger;
  /** Called when replacements keep failing to start: the primary should stop. */
  onGiveUp(reason: string): void;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  stableMs?: number;
  maxStartFailures?: number;
  /** A worker not serving after this long counts as failing to start. */
  readyTimeoutMs?: number;
}

/** A worker exited, or did not serve in time, during the first start. */
export class WorkerStartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerStartupError';
  }
}

interface Slot {
  worker: Worker | undefined;
  readyAt: number | undefined;
  /** Deaths since a worker of this slot last served for `stableMs`. */
  deaths: number;
  /** Replacements in a row that failed to start. */
  startFailures: number;
  timer: NodeJS.Timeout | undefined;
}

function exitOf(code: number | null, signal: string | null): string {
  return signal ? `signal ${signal}` : `code ${code}`;
}

export class WorkerPool {
  private readonly slots: Slot[];
  /** The exit of each worker still running. */
  private readonly running = new Map<Worker, Promise<number | null>>();
  private restartCount = 0;
  private stopping = false;
  private starting = true;
  private startup!: { resolve(): void; reject(error: Error): void };
  private readonly started = new Promise<void>((resolve, reject) => (this.startup = { resolve, reject }));
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly stableMs: number;
  private readonly maxStartFailures: number;
  private readonly readyTimeoutMs: number;

  constructor(private readonly options: WorkerPoolOptions) {
    this.slots = Array.from({ length: options.count }, () => ({ worker: undefined, readyAt: undefined, deaths: 0, startFailures: 0, timer: undefined }));
    this.initialBackoffMs = options.initialBackoffMs ?? 1_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.stableMs = options.stableMs ?? 60_000;
    this.maxStartFailures = options.maxStartFailures ?? 5;
    this.readyTimeoutMs = options.readyTimeoutMs ?? 180_000;
    // A rejection nobody awaits yet must not count as unhandled.
    this.started.catch(() => undefined);
  }

  /** Forks the workers; {@link ready} says whether they came up. */
  start(): this {
    // The in-memory rate limits of all workers (without REDIS_URL): kept here, asked over IPC.
    new RateLimiterClusterMaster();
    for (const slot of this.slots) this.fork(slot);
    return this;
  }

  /** Resolves when every worker serves; rejects with a WorkerStartupError when one could not start. */
  ready(): Promise<void> {
    return this.started;
  }

  readyCount(): number {
    return this.slots.filter((slot) => slot.readyAt !== undefined).length;
  }

  restarts(): number {
    return this.restartCount;
  }

  /** SIGTERM to every worker (a second one: they close the connections still in flight); true when all exited with 0. */
  async stop(): Promise<boolean> {
    this.stopping = true;
    for (const slot of this.slots) clearTimeout(slot.timer);
    this.signal('SIGTERM');
    const codes = await Promise.all([...this.running.values()]);
    return codes.every((code) => code === 0);
  }

  signal(signal: NodeJS.Signals): void {
    for (const slot of this.slots) if (slot.worker && !slot.worker.isDead()) slot.worker.process.kill(signal);
  }

  private fork(slot: Slot): void {
    const worker = cluster.fork(this.options.env);
    slot.worker = worker;
    slot.readyAt = undefined;
    const log = this.options.logger.child({ worker: worker.id, pid: worker.process.pid });
    const readyTimer = setTimeout(() => {
      log.error({ timeoutMs: this.readyTimeoutMs }, 'worker process did not serve in time: stopping it');
      worker.process.kill('SIGKILL');
    }, this.readyTimeoutMs);
    readyTimer.unref();
    // An IPC send to a worker that just died (rate limits, scrapes) must not take the primary down.
    worker.on('error', (error) => log.warn({ err: error }, 'IPC with a worker process failed'));
    worker.on('message', (message: unknown) => {
      if (!isWorkerReady(message)) return;
      clearTimeout(readyTimer);
      slot.readyAt = Date.now();
      slot.startFailures = 0;
      log.info('worker process serving');
      if (this.starting && this.readyCount() === this.slots.length) {
        this.starting = false;
        this.startup.resolve();
      }
    });
    this.running.set(
      worker,
      new Promise((resolve) =>
        worker.once('exit', (code: number | null, signal: string | null) => {
          clearTimeout(readyTimer);
          this.running.delete(worker);
          resolve(code);
          this.onExit(slot, worker, log, code, signal);
        }),
      ),
    );
  }

  private onExit(slot: Slot, worker: Worker, log: Logger, code: number | null, signal: string | null): void {
    const served = slot.readyAt;
    if (slot.worker === worker) {
      slot.worker = undefined;
      slot.readyAt = undefined;
    }
    if (this.stopping) {
      log.info({ code, signal }, `worker process exited (${exitOf(code, signal)})`);
      return;
    }
    if (this.starting && served === undefined) {
      log.error({ code, signal }, `worker process exited during startup (${exitOf(code, signal)})`);
      this.starting = false;
      this.startup.reject(new WorkerStartupError(`worker process ${worker.id} exited during startup (${exitOf(code, signal)}); its log lines above say why`));
      return;
    }
    if (served === undefined) {
      slot.startFailures += 1;
      if (slot.startFailures >= this.maxStartFailures) {
        log.error({ code, signal, startFailures: slot.startFailures }, 'worker process keeps failing to start: giving up');
        this.options.onGiveUp(`a replacement worker process failed to start ${slot.startFailures} times in a row (last: ${exitOf(code, signal)})`);
        return;
      }
    } else if (Date.now() - served >= this.stableMs) {
      slot.deaths = 0;
    }
    slot.deaths += 1;
    const delayMs = Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** (slot.deaths - 1));
    log.error({ code, signal, restartInMs: delayMs }, `worker process died (${exitOf(code, signal)}): starting another in ${delayMs} ms`);
    slot.timer = setTimeout(() => {
      if (this.stopping) return;
      this.restartCount += 1;
      this.fork(slot);
    }, delayMs);
  }
}
