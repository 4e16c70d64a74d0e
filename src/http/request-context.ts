import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { routeTemplate } from './route-template';

/**
 * The id of the request a response belongs to, for log lines written while handling it.
 * Kept in `res.locals` rather than in an AsyncLocalStorage: only the error handler needs it, and
 * async context tracking cost 5 % of a GET's CPU (bench ablation).
 */
export function requestIdOf(res: Pick<Response, 'locals'>): string | undefined {
  const id: unknown = res.locals.requestId;
  return typeof id === 'string' ? id : undefined;
}

export const REQUEST_ID_HEADER = 'X-Request-Id';

// Letters, digits and . _ - only: no room for a name, an email or a log-injection payload.
const VALID_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** The caller's request id when it is well formed (one header, 1-128 of [A-Za-z0-9._-]), else a new UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && VALID_REQUEST_ID.test(header) ? header : randomUUID();
}

/** One finished (or abandoned) request, as logs and metrics see it. */
export interface RequestOutcome {
  method: string;
  /** The route template, never the URL; see {@link routeTemplate}. */
  route: string;
  /** The response status; 499 when the client went away before the response was complete. */
  status: number;
  durationMs: number;
}

export interface RequestContextOptions {
  logger: Logger;
  /** Called once per request when its response is finished or the connection closed. */
  onFinished?: (outcome: RequestOutcome) => void;
  /** Routes whose successful requests are logged at debug, not info: probes and scrapes every few seconds. */
  quietRoutes?: ReadonlySet<string>;
}

/** nginx's code for "client closed request": no HTTP status fits a response nobody received. */
const CLIENT_CLOSED_REQUEST = 499;

/**
 * Gives each request an id (kept from `X-Request-Id` when well formed, returned in the same
 * header, kept for {@link requestIdOf}). Writes one log line per
 * request: method, route template, status, duration and id. Never the URL, query, headers, body
 * or client address: they can hold personal or health data.
 *
 * Mount it first, so that every response (a 400 of the body parser too) carries the id.
 */
export function requestContext({ logger, onFinished, quietRoutes = new Set() }: RequestContextOptions): RequestHandler {
  return (req: Request, res, next) => {
    const startedAt = process.hrtime.bigint();
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.locals.requestId = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);
    // 'close' also fires when the client aborts, where 'finish' never would.
    res.once('close', () => {
      // Gone before the response was complete, or before its request was (an answer to an
      // aborted upload, such as the body parser's 400, reaches nobody).
      const clientGone = !res.writableFinished || (!req.complete && req.readableAborted);
      const outcome: RequestOutcome = {
        method: req.method,
        route: routeTemplate(req),
        status: clientGone ? CLIENT_CLOSED_REQUEST : res.statusCode,
        durationMs: Number(process.hrtime.bigint() - startedAt) / 1e6,
      };
      onFinished?.(outcome);
      const quiet = outcome.status < 400 && quietRoutes.has(outcome.route);
      // Bindings in the line itself: a child logger per request cost more than the line.
      logger[quiet ? 'debug' : 'info'](
        { requestId, method: outcome.method, route: outcome.route, status: outcome.status, durationMs: Math.round(outcome.durationMs * 10) / 10 },
        'request finished',
      );
    });
    next();
  };
}
