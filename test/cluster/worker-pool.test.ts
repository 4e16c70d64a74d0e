import cluster from 'node:cluster';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { WORKER_READY } from '../../src/cluster/messages';
import { WorkerPool } from '../../src/cluster/primary';
import { createLogger } from '../../src/logger';

/**
 * The primary's handling of workers that die, with real forked processes (a tiny worker of
 * test/cluster/fixtures, not the service, so the timing is the pool's): a serving worker that
 * dies is replaced after a doubling backoff, and replacements that keep failing to start make
 * the primary give up instead of forking for ever.
 */
jest.setTimeout(60_000);

function capturedLogger(): { logger: ReturnType<typeof createLogger>; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger('info', destination), lines };
}

describe('WorkerPool', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'patient-service-pool-'));
    cluster.setupPrimary({ exec: path.join(__dirname, 'fixtures', 'flaky-worker.mjs'), execArgv: [], silent: true });
  });
  afterAll(async () => {
    // node:cluster is one per process: the next test file of this jest worker gets the defaults back.
    cluster.setupPrimary({ exec: process.argv[1], execArgv: process.execArgv, silent: false });
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('replaces a worker that died with a doubling backoff, and gives up after the replacements failed to start 3 times in a row', async () => {
    expect(WORKER_READY).toBe('patient-service:worker-ready');
    const startFile = path.join(dir, 'starts');
    const { logger, lines } = capturedLogger();
    let gaveUp: string | undefined;
    const givenUp = new Promise<void>((resolve) => {
      const pool = new WorkerPool({
        count: 1,
        env: { START_FILE: startFile, DIE_AFTER_MS: '300' },
        logger,
        initialBackoffMs: 100,
        maxBackoffMs: 250,
        maxStartFailures: 3,
        onGiveUp(reason) {
          gaveUp = reason;
          resolve();
        },
      }).start();
      void pool.ready().then(() => lines.push({ msg: 'test: ready' }));
    });
    await givenUp;
    expect(gaveUp).toBe('a replacement worker process failed to start 3 times in a row (last: code 1)');
    // One start that served, then three replacements that did not: no fourth.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(Number(await fs.readFile(startFile, 'utf8'))).toBe(4);
    expect(lines.some((line) => line.msg === 'test: ready')).toBe(true);
    const restarts = lines.filter((line) => String(line.msg).startsWith('worker process died'));
    // The death, then two failed replacements: doubling, capped at maxBackoffMs.
    expect(restarts.map((line) => line.restartInMs)).toEqual([100, 200, 250]);
    expect(restarts[0]).toMatchObject({ code: 3, msg: 'worker process died (code 3): starting another in 100 ms' });
    // Neither the pool's lines nor anything else carry more than ids and exit codes.
    expect(restarts.every((line) => typeof line.worker === 'number' && typeof line.pid === 'number')).toBe(true);
  });
});
