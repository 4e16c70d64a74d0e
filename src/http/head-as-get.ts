import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Runs `handlers` (express-openapi-validator's) for a HEAD request as for the GET of the same
 * path: the validator knows only the methods openapi.yaml lists and answers HEAD with 405,
 * while RFC 9110 wants HEAD wherever GET is. The method is GET only while the validator runs
 * (its security, parameters and response checks are the GET's); it is HEAD again before the
 * routes (express serves HEAD with the GET route) and on an error, so logs and metrics see HEAD.
 * node sends no body for a HEAD request whatever the handler writes.
 *
 * The handlers run in a plain loop rather than a nested express Router: a Router's dispatch
 * cost 12 µs of CPU per request, the loop a fraction of one (measured).
 */
export function headAsGet(handlers: readonly RequestHandler[]): RequestHandler {
  const run = inSequence(handlers);
  return (req, res, next) => {
    if (req.method !== 'HEAD') {
      run(req, res, next);
      return;
    }
    req.method = 'GET';
    run(req, res, (error?: unknown) => {
      req.method = 'HEAD';
      next(error);
    });
  };
}

/** The handlers one after the other as express would run them: an error (thrown, rejected or passed to next) ends the sequence. */
function inSequence(handlers: readonly RequestHandler[]): (req: Request, res: Response, done: NextFunction) => void {
  return (req, res, done) => {
    let index = 0;
    const fail = (error: unknown): void => done(error ?? new Error('a request handler rejected without a reason'));
    const step = (error?: unknown): void => {
      if (error !== undefined && error !== null) return done(error);
      const handler = handlers[index++];
      if (!handler) return done();
      try {
        const result: unknown = handler(req, res, step);
        if (result instanceof Promise) result.catch(fail);
      } catch (thrown) {
        fail(thrown);
      }
    };
    step();
  };
}
