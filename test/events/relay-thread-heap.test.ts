import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

// src/events/relay-thread.ts, relayWorker: under npm start's heap flags the relay's thread had
// the main thread's heap (limit 304 MB, semi-spaces up to 16 MB), because V8's flags override a
// worker's resourceLimits. Now the flags are unset before the thread starts: the main thread
// keeps its sizes, the thread gets its own limits.

const run = promisify(execFile);
const ROOT = path.join(__dirname, '../..');
const MB = 1024 * 1024;

/** The heap flags of `npm start`, read from package.json (so this follows them when they change). */
function startHeapFlags(): string[] {
  const start = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  return start.split(/\s+/).filter((word) => /^--(max|initial)-.*-space-size=/.test(word));
}

describe("the relay thread's heap under npm start's flags", () => {
  it("has the thread's own limits while the main thread keeps the flags' sizes", async () => {
    const flags = startHeapFlags();
    expect(flags).toEqual(expect.arrayContaining([expect.stringMatching(/^--max-old-space-size=/), expect.stringMatching(/^--max-semi-space-size=/)]));
    const script = `
      const v8 = require('node:v8');
      const { relayWorker, RELAY_HEAP_LIMITS } = require(${JSON.stringify(path.join(ROOT, 'src/events/relay-thread.ts'))});
      const before = v8.getHeapStatistics().heap_size_limit;
      const worker = relayWorker("require('node:worker_threads').parentPort.postMessage(require('node:v8').getHeapStatistics().heap_size_limit)", { eval: true });
      worker.on('message', (limit) => {
        console.log(JSON.stringify({ before, after: v8.getHeapStatistics().heap_size_limit, worker: limit, limits: RELAY_HEAP_LIMITS }));
        void worker.terminate();
      });`;
    const { stdout } = await run(process.execPath, [...flags, '--require', require.resolve('tsx/cjs'), '-e', script], { cwd: ROOT, timeout: 60_000 });
    const heap = JSON.parse(stdout.trim().split('\n').at(-1)!) as { before: number; after: number; worker: number; limits: { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number } };
    const maxOld = Number(/--max-old-space-size=(\d+)/.exec(flags.join(' '))![1]);
    // The main thread: its old generation limit from the flag (plus its young generation), unchanged.
    expect(heap.before).toBeGreaterThanOrEqual(maxOld * MB);
    expect(heap.after).toBe(heap.before);
    // The thread: its own limits, far below the flags' (V8's limit counts the young generation at
    // more than the size asked for: 88 MB measured for 64 + 16).
    expect(heap.worker).toBeLessThanOrEqual((heap.limits.maxOldGenerationSizeMb + 2 * heap.limits.maxYoungGenerationSizeMb) * MB);
    expect(heap.worker).toBeLessThan(heap.before / 2);
  });
});
