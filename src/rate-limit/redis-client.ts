import { Redis } from 'ioredis';

/**
 * The Redis client of the shared rate limits. A request must never wait for Redis: no offline
 * queue (a command while disconnected fails at once, and the limiter falls back to memory), a
 * connect and a command timeout, reconnects at most a second apart. Errors are reported by the
 * limiter (one line per change of state), so the client's own error events are swallowed here:
 * ioredis would otherwise print one per reconnect attempt.
 */
export function rateLimitRedis(url: string, timeoutMs: number): Redis {
  const client = new Redis(url, {
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 200, 1_000),
    lazyConnect: false,
  });
  client.on('error', () => undefined);
  return client;
}

/**
 * Waits until CLIENT is connected, at most TIMEOUT_MS; false when it is not by then (the
 * limiter then starts on its per-process fallback). Without the wait, the first requests after
 * start would find the connection not yet open (no offline queue) and fall back needlessly.
 */
export function redisReady(client: Redis, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ready: boolean): void => {
      clearTimeout(timer);
      client.off('ready', onReady);
      resolve(ready);
    };
    const onReady = (): void => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    client.once('ready', onReady);
  });
}
