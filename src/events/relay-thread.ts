import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RelayStats, RelayStatsSource } from './relay';
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

/**
 * The relay's counters in memory both threads see: the thread writes them, the probes and
 * /metrics read them on the main thread without a message per change. lastError, a string,
 * comes as a message when it changes.
 */
export class StatsCells {
  private static readonly FIELDS = ['leader', 'published', 'failedAttempts', 'failedEvents', 'failingSince', 'producerConnected'] as const;
  private readonly cells: BigInt64Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(StatsCells.FIELDS.length * 8)) {
    this.cells = new BigInt64Array(buffer);
  }

  write(stats: Omit<RelayStats, 'lastError'>): void {
    const values = [Number(stats.leader), stats.published, stats.failedAttempts, stats.failedEvents, stats.failingSince ?? -1, Number(stats.producerConnected)];
    values.forEach((value, index) => Atomics.store(this.cells, index, BigInt(value)));
  }

  read(): Omit<RelayStats, 'lastError'> {
    const [leader, published, failedAttempts, failedEvents, failingSince, producerConnected] = StatsCells.FIELDS.map((_, index) => Number(Atomics.load(this.cells, index)));
    return {
      leader: leader === 1,
      published: published!,
      failedAttempts: failedAttempts!,
      failedEvents: failedEvents!,
      failingSince: failingSince === -1 ? undefined : failingSince,
      producerConnected: producerConnected === 1,
    };
  }
}

/** The thread's entry: compiled beside this file, or its TypeScript source under tsx (dev, tests). */
const ENTRY = path.join(__dirname, `relay-thread-entry${path.extname(__filename)}`);

/**
 * The thread's heap limits: a small young generation (RSS: 2 MB measured 211 MB peak under load
 * against 224 MB with 8), and room in the old one for the largest batch (OUTBOX_BATCH_SIZE up
 * to 10,000 events of a few KB, held as rows, messages and request buffers at once). A limit,
 * not a reservation: RSS grows only with use.
 */
const THREAD_HEAP = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 2 };

/** How long stop() waits for the thread's relay to finish its batch and let go before ending the thread. */
const STOP_TIMEOUT_MS = 15_000;

/**
 * The outbox relay (src/events/relay.ts) on a thread of its own. On the main thread every await
 * of a relay turn (the notification, the read, the produce, the mark) queued behind the HTTP
 * requests' callbacks: at 500 writes/s its event loop lagged 14 ms (p50) to 46 ms (p99) per
 * turn and a turn took ~40 ms, so events waited for requests. The thread's loop waits for
 * nobody's requests; what it still shares is the cores.
 *
 * Its log lines come to this thread as messages and are written by the process's own
 * destination (two writers on one pipe could interleave inside a line). A crash of the thread
 * ends the process, as an uncaught error of the relay did on the main thread.
 */
export class RelayThread implements RelayStatsSource {
  private lastError: string | undefined;
  private stopping = false;
  private readonly exited: Promise<void>;

  private constructor(
    private readonly worker: Worker,
    private readonly cells: StatsCells,
    writeLine: (line: string) => void,
    onCrash: (error: Error) => void,
  ) {
    worker.on('message', (message: FromRelayThread) => {
      if ('log' in message) writeLine(message.log);
      else this.lastError = message.lastError;
    });
    worker.on('error', (error: Error) => onCrash(error));
    this.exited = new Promise((resolve) => {
      worker.on('exit', (code) => {
        if (!this.stopping) onCrash(new Error(`the outbox relay's thread exited (code ${code})`));
        resolve();
      });
    });
  }

  /**
   * Starts the thread. `writeLine` writes one of its log lines (already JSON); `onCrash` is told
   * when the thread fails or ends unasked.
   */
  static start(settings: Omit<RelayThreadSettings, 'stats'>, writeLine: (line: string) => void, onCrash: (error: Error) => void): RelayThread {
    const cells = new StatsCells();
    const workerData: RelayThreadSettings = { ...settings, stats: cells.buffer };
    // None of the process's node flags (a thread refuses V8's heap flags; its heap is THREAD_HEAP);
    // under tsx the entry is TypeScript, and the thread needs tsx's loader.
    const execArgv = ENTRY.endsWith('.ts') ? ['--require', 'tsx/cjs'] : [];
    const worker = new Worker(ENTRY, { workerData, execArgv, resourceLimits: THREAD_HEAP, name: 'outbox-relay' });
    return new RelayThread(worker, cells, writeLine, onCrash);
  }

  stats(): RelayStats {
    return { ...this.cells.read(), lastError: this.lastError };
  }

  /** Stops the relay (after its current batch; it releases the lease), then the thread; ends it after {@link STOP_TIMEOUT_MS}. */
  async stop(): Promise<void> {
    if (this.stopping) return this.exited;
    this.stopping = true;
    this.worker.postMessage('stop');
    const timer = setTimeout(() => void this.worker.terminate(), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
  }
}
