import http from 'node:http';
import type { LoadFigures } from './load';
import type { BenchRequest } from './scenarios';

export interface OpenLoopOptions {
  url: string;
  /** Requests per second, evenly spaced. */
  rate: number;
  durationSeconds: number;
  /** Most sockets open at once (keep-alive); a request waits for one when all are busy. */
  connections: number;
  next: () => BenchRequest;
  onResponse?: (status: number, body: string, arrivedAtMs: number) => void;
  /** A request without an answer after this long counts as an error. */
  timeoutMs?: number;
}

/** The value below which `share` of the sorted values lie (nearest rank). */
function quantile(sorted: number[], share: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))]!;
}

const round = (ms: number): number => Math.round(ms * 100) / 100;

/**
 * A true open loop: request i is due at start + i / rate, whether or not earlier ones have been
 * answered, and its latency counts from when it was due (so a stalled server is not hidden by a
 * client that waits: no coordinated omission). autocannon's rate limit is not this: it lets each
 * connection send its whole quota for the second at once when the second begins, so its
 * "fixed rate" run measured bursts of ~100 requests.
 */
export async function runOpenLoop({ url, rate, durationSeconds, connections, next, onResponse, timeoutMs = 10_000 }: OpenLoopOptions): Promise<LoadFigures> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  const total = Math.max(1, Math.floor(rate * durationSeconds));
  const interval = 1000 / rate;
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let ok = 0;
  let errors = 0;
  let non2xx = 0;
  const pending: Promise<void>[] = [];

  const fire = (due: number): Promise<void> =>
    new Promise<void>((resolve) => {
      const request = next();
      // Our own Content-Length: a header object shared with an autocannon run carries the length
      // of whatever body autocannon sent last (it writes the header into the object it is given).
      const headers: Record<string, string | number> = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name.toLowerCase() !== 'content-length'));
      if (request.body !== undefined) headers['content-length'] = Buffer.byteLength(request.body);
      const req = http.request(
        { agent, host: target.hostname, port: target.port, method: request.method, path: request.path, headers, timeout: timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const arrived = performance.now();
            latencies.push(arrived - due);
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) ok += 1;
            else {
              non2xx += 1;
              statusCodes[String(status)] = (statusCodes[String(status)] ?? 0) + 1;
            }
            onResponse?.(status, Buffer.concat(chunks).toString('utf8'), performance.timeOrigin + arrived);
            resolve();
          });
          res.on('error', () => {
            errors += 1;
            resolve();
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        errors += 1;
        resolve();
      });
      req.end(request.body);
    });

  const start = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) {
        pending.push(fire(start + sent * interval));
        sent += 1;
      }
      if (sent >= total) resolve();
      else setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
    };
    tick();
  });
  await Promise.all(pending);
  const elapsedSeconds = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    rps: ok / Math.max(durationSeconds, elapsedSeconds),
    p50: round(quantile(latencies, 0.5)),
    p90: round(quantile(latencies, 0.9)),
    p99: round(quantile(latencies, 0.99)),
    max: round(latencies.at(-1) ?? 0),
    requests: total,
    ok,
    errors,
    non2xx,
    statusCodes,
    durationSeconds: elapsedSeconds,
    connections,
    rate,
  };
}
