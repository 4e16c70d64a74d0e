import http from 'node:http';
import type { HttpLimits } from '../config';

/** What an express app carries: the prototypes it gives every request and response. */
interface PrototypeCarrier {
  request: object;
  response: object;
}

/**
 * node:http's request and response classes, but with the app's own prototypes: express sets
 * `app.request`/`app.response` (which extend node's) as the prototypes of every request and
 * response it handles (Object.setPrototypeOf on req and res, in app.handle); on an object that
 * has them from birth that is a no-op instead of a map change for V8.
 *
 * Subclasses of node's classes whose prototypes extend the app's, which then become the app's
 * (`app.request = Request.prototype`): everything express put on them stays reachable, and
 * express's no-op needs the very same object. Not a function constructor around
 * `Reflect.construct(http.IncomingMessage, [socket], Request)`, the form before: its objects
 * came out of V8 slowly and outlived their requests (a bare express 5 app, one route, 32
 * connections: 11,000 req/s and 9 MB promoted to the old generation per 1,000 requests, against
 * 46,000 req/s and none with these classes; README, Performance).
 */
function adoptPrototypesOf(app: PrototypeCarrier): Pick<http.ServerOptions, 'IncomingMessage' | 'ServerResponse'> {
  class Request extends http.IncomingMessage {}
  Object.setPrototypeOf(Request.prototype, app.request);
  app.request = Request.prototype;
  class Response extends http.ServerResponse {}
  Object.setPrototypeOf(Response.prototype, app.response);
  app.response = Response.prototype;
  // node types ServerResponse generic in its request class; this one serves the Request above.
  return { IncomingMessage: Request, ServerResponse: Response as unknown as typeof http.ServerResponse };
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
      ...(carriesPrototypes(handler) && adoptPrototypesOf(handler)),
    },
    handler,
  );
  server.maxConnections = limits.maxConnections;
  return server;
}
