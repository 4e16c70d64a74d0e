import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

// src/events/relay-thread.ts, relayWorker: under npm start's heap flags the relay's thread had
// the main thread's young generation (semi-spaces growing to 16 MB), because V8's flags override
// a worker's resourceLimits. Now the flags that would are unset before the thread starts: the
// main thread keeps its sizes, the thread gets its own young generation and keeps the process's
// old generation limit.

const run = promisify(execFile);
const ROOT = path.join(__dirname, '../..');
const MB = 1024 * 1024;

/** The heap flags of `npm start`, read from package.json (so this follows them when they change). */
function startHeapFlags(): string[] {
  const start = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  return start.split(/\s+/).filter((word) => /^--(max|initial)-.*-space-size=/.test(word));
}

interface Heap {
  /** heap_size_limit and the largest new space seen while allocating, in bytes. */
  main: { limit: number; newSpace: number };
  worker: { limit: number; newSpace: number };
  youngMb: number;
}

describe("the relay thread's heap under npm start's flags", () => {
  it("has the thread's own young generation while the main thread keeps the flags' sizes", async () => {
    const flags = startHeapFlags();
    const semiMb = Number(/--max-semi-space-size=(\d+)/.exec(flags.join(' '))?.[1]);
    const oldMb = Number(/--max-old-space-size=(\d+)/.exec(flags.join(' '))?.[1]);
    expect(semiMb).toBeGreaterThan(0);
    expect(oldMb).toBeGreaterThan(0);
    // Allocates short-lived objects for a while and reports the heap limit and the largest new space.
    const churn = `(() => {
      const v8 = require('node:v8');
      const newSpace = () => v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size;
      let keep = [], largest = 0;
      for (let i = 0; i < 4e6; i++) { keep.push({ i }); if (keep.length > 100000) keep = []; if (i % 10000 === 0) largest = Math.max(largest, newSpace()); }
      return { limit: v8.getHeapStatistics().heap_size_limit, newSpace: largest };
    })()`;
    const script = `
      const { relayWorker, RELAY_HEAP_LIMITS } = require(${JSON.stringify(path.join(ROOT, 'src/events/relay-thread.ts'))});
      const worker = relayWorker("require('node:worker_threads').parentPort.postMessage(" + ${JSON.stringify(churn)} + ")", { eval: true });
      worker.on('message', (heap) => {
        console.log(JSON.stringify({ main: ${churn}, worker: heap, youngMb: RELAY_HEAP_LIMITS.maxYoungGenerationSizeMb }));
        void worker.terminate();
      });`;
    const { stdout } = await run(process.execPath, [...flags, '--require', require.resolve('tsx/cjs'), '-e', script], { cwd: ROOT, timeout: 120_000 });
    const heap = JSON.parse(stdout.trim().split('\n').at(-1)!) as Heap;
    // The main thread, after the flags were unset: its semi-spaces still grow to the flag's size
    // (the new space holds two), its limit still holds the flag's old generation.
    expect(heap.main.newSpace).toBeGreaterThan(semiMb * MB);
    expect(heap.main.limit).toBeGreaterThanOrEqual(oldMb * MB);
    // The thread: its new space within its own young generation, below the main thread's, and the
    // process's old generation limit (a full batch of large events still fits).
    expect(heap.worker.newSpace).toBeLessThanOrEqual(heap.youngMb * MB);
    expect(heap.worker.newSpace).toBeLessThan(heap.main.newSpace);
    expect(heap.worker.limit).toBeGreaterThanOrEqual(oldMb * MB);
  });
});
