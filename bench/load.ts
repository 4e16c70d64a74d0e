import autocannon from 'autocannon';
import { runOpenLoop } from './open-loop';
import type { BenchRequest } from './scenarios';

/** The figures of one load run against one server. */
export interface LoadFigures {
  /** Successful (2xx) responses per second. */
  rps: number;
  /** Latency percentiles in milliseconds (all responses). */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  requests: number;
  ok: number;
  /** Connection errors and timeouts. */
  errors: number;
  non2xx: number;
  /** Status codes other than 2xx, with counts. */
  statusCodes: Record<string, number>;
  durationSeconds: number;
  connections: number;
  /** Offered rate (requests/s over all connections), when the run was rate-limited. */
  rate?: number;
  /** Highest resident set size of the server process sampled during the run, in bytes. */
  peakRssBytes?: number;
  /**
   * CPU time of the server process per response, in microseconds (/proc/<pid>/stat). Much less
   * sensitive than req/s to other work on the machine: the cost of a request, not its speed.
   */
  cpuUsPerRequest?: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  next: () => BenchRequest;
  /** requests/s over all connections; unset: as fast as the server answers. */
  rate?: number;
  /** Called with every response (status, body, time it arrived in ms since the epoch). */
  onResponse?: (status: number, body: string, arrivedAtMs: number) => void;
}

/** As fast as the server answers with `connections` in a closed loop (autocannon), or, with `rate`, an open loop at that rate. */
export async function runLoad({ url, connections, durationSeconds, next, rate, onResponse }: LoadOptions): Promise<LoadFigures> {
  if (rate) return runOpenLoop({ url, rate, durationSeconds, connections, next, ...(onResponse ? { onResponse } : {}) });
  const request: autocannon.Request = {
    // autocannon asks for the next request of each connection here: fresh ids, bodies, terms.
    // A copy of the headers: autocannon writes Content-Length into the object it is given.
    setupRequest: (previous) => {
      const request = next();
      return { ...previous, ...request, headers: { ...request.headers } };
    },
  };
  if (onResponse) {
    request.onResponse = (status, body) => onResponse(status, body, performance.timeOrigin + performance.now());
  }
  const result = await autocannon({
    url,
    connections,
    duration: durationSeconds,
    requests: [request],
    timeout: 10,
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) {
    if (!code.startsWith('2') && count) statusCodes[code] = count;
  }
  const ok = result['2xx'];
  return {
    rps: ok / result.duration,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    requests: result.requests.total,
    ok,
    errors: result.errors,
    non2xx: result.non2xx,
    statusCodes,
    durationSeconds: result.duration,
    connections,
  };
}
