import http from 'node:http';
import type { HttpLimits } from '../config';

/** What an express app carries: the prototypes it gives every request and response. */
interface PrototypeCarrier {
  request: object;
  response: object;
}

type ServerClasses = Pick<http.ServerOptions, 'IncomingMessage' | 'ServerResponse'>;

/** Each app's classes, made once: a second server for the same app reuses them. */
const adopted = new WeakMap<PrototypeCarrier, ServerClasses>();

/**
 * A subclass of node's `base` whose prototype takes `carried`'s place: it extends what `carried`
 * extended and holds `carried`'s own properties (express's `app`), so that an app mounted into
 * another one later, whose prototype express then re-parents to the parent's, still answers
 * `req.app` with itself.
 */
function subclassTakingThePlaceOf<C extends typeof http.IncomingMessage | typeof http.ServerResponse>(base: C, carried: object): C {
  const subclass = class extends (base as typeof http.IncomingMessage) {} as unknown as C;
  Object.setPrototypeOf(subclass.prototype, Object.getPrototypeOf(carried) as object);
  Object.defineProperties(subclass.prototype, Object.getOwnPropertyDescriptors(carried));
  return subclass;
}

/**
 * node:http's request and response classes, but with the app's own prototypes: express sets
 * `app.request`/`app.response` (which extend node's) as the prototypes of every request and
 * response it handles (Object.setPrototypeOf on req and res, in app.handle); on an object that
 * has them from birth that is a no-op instead of a map change for V8.
 *
 * Subclasses of node's classes whose prototypes take the place of the app's
 * (`app.request = Request.prototype`): everything express put on them stays reachable, and
 * express's no-op needs the very same object. Not a function constructor around
 * `Reflect.construct(http.IncomingMessage, [socket], Request)`, the form before: on bare
 * node:http its objects served 11,000 req/s and promoted 37 MB to the old generation in 4 s; a
 * bare express 5 app (one route, 32 connections) went from 14,000 req/s and 446 MB promoted to
 * 46,000 req/s and 1.2 MB with these classes (README, Performance).
 */
function adoptPrototypesOf(app: PrototypeCarrier): ServerClasses {
  const known = adopted.get(app);
  if (known) return known;
  const Request = subclassTakingThePlaceOf(http.IncomingMessage, app.request);
  const Response = subclassTakingThePlaceOf(http.ServerResponse, app.response);
  app.request = Request.prototype;
  app.response = Response.prototype;
  const classes: ServerClasses = { IncomingMessage: Request, ServerResponse: Response };
  adopted.set(app, classes);
  return classes;
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
