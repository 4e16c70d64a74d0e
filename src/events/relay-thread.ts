import path from 'node:path';
import v8 from 'node:v8';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { RelayStats, RunningRelay } from './relay';
import type { RelaySettings } from './relay-from-settings';

/** What the relay's thread is started with (structured-cloned into it: plain data only). */
export interface RelayThreadSettings extends RelaySettings {
  logLevel: string;
  /** The fields the process's logger adds to each line (a cluster worker's id), added to the thread's lines too. */
  logBindings: Record<string, unknown>;
  /** The shared cells the thread keeps its counters in ({@link StatsCells}). */
  stats: SharedArrayBuffer;
}

/** Messages from the thread. */
export type FromRelayThread = { log: string } | { lastError: string | undefined };
/** Messages to the thread. */
export type ToRelayThread = 'stop';

type Counters = Omit<RelayStats, 'lastError'>;

/** The counters before the thread has written any: a relay that does not lead yet. */
const NOT_STARTED: Counters = { leader: false, published: 0, failedAttempts: 0, failedEvents: 0, failingSince: undefined, producerConnected: false };

/** One 64-bit cell per counter, in this order; booleans as 0/1, an undefined failingSince as -1. */
const FIELDS = ['leader', 'published', 'failedAttempts', 'failedEvents', 'failingSince', 'producerConnected'] as const satisfies readonly (keyof Counters)[];

/**
 * The relay's counters in memory both threads see: the thread writes them, the probes and
 * /metrics read them on the main thread without a message per change. lastError, a string,
 * comes as a message when it changes.
 */
export class StatsCells {
  private readonly cells: BigInt64Array;

  /** New cells (holding {@link NOT_STARTED}), or the cells of `buffer`. */
  constructor(buffer?: SharedArrayBuffer) {
    this.cells = new BigInt64Array(buffer ?? new SharedArrayBuffer(FIELDS.length * 8));
    if (!buffer) this.write(NOT_STARTED);
  }

  get buffer(): SharedArrayBuffer {
    return this.cells.buffer as SharedArrayBuffer;
  }

  write(counters: Counters): void {
    FIELDS.forEach((field, index) => {
      const value = counters[field];
      Atomics.store(this.cells, index, BigInt(typeof value === 'boolean' ? Number(value) : (value ?? -1)));
    });
  }

  read(): Counters {
    const at = (field: (typeof FIELDS)[number]): number => Number(Atomics.load(this.cells, FIELDS.indexOf(field)));
    const failingSince = at('failingSince');
    return {
      leader: at('leader') === 1,
      published: at('published'),
      failedAttempts: at('failedAttempts'),
      failedEvents: at('failedEvents'),
      failingSince: failingSince === -1 ? undefined : failingSince,
      producerConnected: at('producerConnected') === 1,
    };
  }
}

/** The thread's entry: compiled beside this file, or its TypeScript source under tsx (dev, tests). */
const ENTRY = path.join(__dirname, `relay-thread-entry${path.extname(__filename)}`);

/**
 * How long stop() waits for the thread's relay to finish its batch and let go of the lease
 * before ending the thread: within the 15 s that server.ts gives the services after the HTTP
 * drain, leaving the rest to the pool and the database.
 */
const STOP_TIMEOUT_MS = 10_000;

/**
 * The thread's young generation: a batch of rows and its produce request need a few MB, and
 * under npm start's --max-semi-space-size=16 (the main thread's, for its request garbage) the
 * thread's semi-spaces grew to 16 MB too. Peak RSS under POST load with Kafka (scratch runs):
 * 236-239 MB with the flags applying to the thread, 210-214 MB with this. Its old generation
 * keeps the process's limit (--max-old-space-size), so a batch of OUTBOX_BATCH_SIZE large events
 * fits wherever it fit before.
 */
export const RELAY_HEAP_LIMITS = { maxYoungGenerationSizeMb: 16 } as const;

/**
 * The V8 flags that would override {@link RELAY_HEAP_LIMITS} (a flag takes precedence over a
 * worker's resourceLimits) or size the thread's old generation up front: unset for the thread.
 */
const FLAGS_UNSET_FOR_THE_THREAD = ['--max-semi-space-size=0', '--initial-old-space-size=0'];

/**
 * A worker for the relay, with {@link RELAY_HEAP_LIMITS}. V8 reads its heap flags when an
 * isolate's heap is set up, so unsetting them before the thread starts leaves the main thread's
 * heap as npm start sized it and lets the thread's isolate take its own young generation. The
 * flags stay unset for the rest of the process: a Worker started later would also get V8's
 * default young generation and no initial old space (the service starts no other).
 */
export function relayWorker(filename: string, options: WorkerOptions): Worker {
  for (const flag of FLAGS_UNSET_FOR_THE_THREAD) v8.setFlagsFromString(flag);
  return new Worker(filename, { ...options, resourceLimits: RELAY_HEAP_LIMITS });
}

/**
 * The outbox relay (src/events/relay.ts) on a thread of its own. On the main thread every await
 * of a relay turn (the notification, the read, the produce, the mark) queued behind the HTTP
 * requests' callbacks: at 500 writes/s its event loop lagged 14 ms (p50) to 46 ms (p99) per
 * turn and a turn took ~40 ms, so events waited for requests. The thread's loop waits for
 * nobody's requests; what it still shares is the cores.
 *
 * A young generation of its own ({@link relayWorker}): under npm start's flags it had the main
 * thread's (semi-spaces growing to 16 MB, 64 MB of old space before its first full collection).
 *
 * Its log lines come to this thread as messages and are written by the process's own
 * destination (two writers on one pipe could interleave inside a line). A thread that fails or
 * ends unasked is reported once, after its last lines arrived (they come before 'exit').
 */
export class RelayThread implements RunningRelay {
  private lastError: string | undefined;
  private stopping = false;
  private failure: Error | undefined;
  private readonly exited: Promise<void>;

  private constructor(
    private readonly worker: Worker,
    private readonly cells: StatsCells,
    private readonly logger: Logger,
    writeLine: (line: string) => void,
    onCrash: (error: Error) => void,
  ) {
    worker.on('message', (message: FromRelayThread) => {
      if ('log' in message) writeLine(message.log);
      else this.lastError = message.lastError;
    });
    worker.on('error', (error: Error) => (this.failure = error));
    this.exited = new Promise((resolve) => {
      worker.on('exit', (code) => {
        if (!this.stopping) onCrash(this.failure ?? new Error(`the outbox relay's thread exited (code ${code})`));
        else if (this.failure) logger.error({ err: this.failure }, "the outbox relay's thread failed while stopping");
        resolve();
      });
    });
  }

  /**
   * Starts the thread. `writeLine` writes one of its log lines (JSON, newline-terminated);
   * `onCrash` is told, once, when the thread fails or ends unasked.
   */
  static start(settings: Omit<RelayThreadSettings, 'stats'>, logger: Logger, writeLine: (line: string) => void, onCrash: (error: Error) => void): RelayThread {
    const cells = new StatsCells();
    const workerData: RelayThreadSettings = { ...settings, stats: cells.buffer };
    // None of the process's node options (a thread refuses V8's heap flags; the process's apply
    // to it, but for those relayWorker unsets); under tsx the entry is TypeScript and the thread needs tsx's loader.
    const execArgv = ENTRY.endsWith('.ts') ? ['--require', require.resolve('tsx/cjs')] : [];
    const worker = relayWorker(ENTRY, { workerData, execArgv, name: 'outbox-relay' });
    return new RelayThread(worker, cells, logger, writeLine, onCrash);
  }

  stats(): RelayStats {
    return { ...this.cells.read(), lastError: this.lastError };
  }

  /**
   * Stops the relay (after its current batch; it releases the lease), then the thread, which is
   * ended after {@link STOP_TIMEOUT_MS}. False when it had to be ended or failed on the way.
   */
  async stop(): Promise<boolean> {
    if (!this.stopping) {
      this.stopping = true;
      this.worker.postMessage('stop' satisfies ToRelayThread);
    }
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.logger.warn({ timeoutMs: STOP_TIMEOUT_MS }, "the outbox relay did not stop in time: its thread was ended (its lease runs out by itself; a batch it had sent may be sent again)");
      void this.worker.terminate();
    }, STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
    return !timedOut && !this.failure;
  }
}
