import http from 'node:http';
import type { Socket } from 'node:net';
import type { HttpLimits } from '../config';

/** What an express app carries: the prototypes it gives every request and response. */
interface PrototypeCarrier {
  request: object;
  response: object;
}

/**
 * node:http's request and response classes, but with the app's own prototypes (express's
 * `app.request`/`app.response`, which extend node's). express sets those prototypes on every
 * request it handles (Object.setPrototypeOf on req and res, in app.handle); on an object that
 * has them from birth that is a no-op instead of a map change for V8. Measured: README,
 * Performance.
 */
function classesWithPrototypesOf(app: PrototypeCarrier): Pick<http.ServerOptions, 'IncomingMessage' | 'ServerResponse'> {
  function Request(this: unknown, socket: Socket): http.IncomingMessage {
    return Reflect.construct(http.IncomingMessage, [socket], Request) as http.IncomingMessage;
  }
  Request.prototype = app.request;
  function Response(this: unknown, req: http.IncomingMessage, options?: unknown): http.ServerResponse {
    return Reflect.construct(http.ServerResponse, [req, options], Response) as http.ServerResponse;
  }
  Response.prototype = app.response;
  return { IncomingMessage: Request as unknown as typeof http.IncomingMessage, ServerResponse: Response as unknown as typeof http.ServerResponse };
}

/** An express app: its request and response prototypes extend node's. */
const carriesPrototypes = (handler: unknown): handler is PrototypeCarrier => {
  const { request, response } = handler as Partial<PrototypeCarrier>;
  return request instanceof http.IncomingMessage && response instanceof http.ServerResponse;
};

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
      ...(carriesPrototypes(handler) && classesWithPrototypesOf(handler)),
    },
    handler,
  );
  server.maxConnections = limits.maxConnections;
  return server;
}
