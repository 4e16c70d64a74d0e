import type http from 'node:http';
import { UnderWayList } from './under-way-list';

export interface Drain {
  /** Responses under way right now. */
  inFlight(): number;
  /**
   * Stops accepting connections and lets the requests in flight finish: every response from
   * now on closes its connection, idle keep-alive connections are closed at once. After
   * `timeoutMs` the remaining connections are closed. Resolves true when everything finished
   * by itself, false when connections had to be closed.
   */
  drain(timeoutMs: number): Promise<boolean>;
  /** Closes every connection now (a second signal while draining). */
  forceClose(): void;
}

/**
 * Graceful close for an http.Server. `server.close()` alone is not enough: it stops accepting
 * connections but waits for every keep-alive connection, and one that is busy when it is called
 * stays open after its response, ready to carry the next request, until its keep-alive timeout.
 * Call it right after creating the server: its listener must run before the app's.
 */
export function drainable(server: http.Server): Drain {
  // Not a Set: see UnderWayList.
  const inFlight = new UnderWayList<http.ServerResponse>();
  let draining = false;
  let forced = false;

  server.prependListener('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    const finished = inFlight.add(res);
    if (draining) res.setHeader('Connection', 'close');
    res.once('close', () => {
      finished();
      // A response that had sent its headers before the drain began kept its connection alive.
      if (draining) setImmediate(() => server.closeIdleConnections());
    });
  });

  const forceClose = (): void => {
    forced = true;
    server.closeAllConnections();
  };

  return {
    inFlight: () => inFlight.size,
    forceClose,
    drain(timeoutMs) {
      draining = true;
      return new Promise((resolve) => {
        const timer = setTimeout(forceClose, timeoutMs);
        server.close(() => {
          clearTimeout(timer);
          resolve(!forced);
        });
        for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
        server.closeIdleConnections();
      });
    },
  };
}
