import http from 'node:http';
import type { HttpLimits } from '../config';

/**
 * An http.Server with deliberate bounds on slow and idle clients, instead of node's defaults
 * (60 s for headers, 300 s for a request): a slow-loris connection that trickles its headers is
 * cut after `headersTimeoutMs`, an idle keep-alive connection closed after `keepAliveTimeoutMs`,
 * and connections beyond `maxConnections` are closed as they arrive.
 */
export function createHttpServer(handler: http.RequestListener, limits: HttpLimits): http.Server {
  const server = http.createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // node checks the header and request timeouts only this often (default 30 s), so the bound
      // holds within a second or a tenth of the smaller timeout.
      connectionsCheckingInterval: Math.min(1_000, Math.max(50, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 10))),
    },
    handler,
  );
  server.maxConnections = limits.maxConnections;
  return server;
}
