import { Router, type RequestHandler } from 'express';

/**
 * Runs `handlers` (express-openapi-validator's) for a HEAD request as for the GET of the same
 * path: the validator knows only the methods openapi.yaml lists and answers HEAD with 405,
 * while RFC 9110 wants HEAD wherever GET is. The method is GET only while the validator runs
 * (its security, parameters and response checks are the GET's); it is HEAD again before the
 * routes (express serves HEAD with the GET route) and on an error, so logs and metrics see HEAD.
 * node sends no body for a HEAD request whatever the handler writes.
 */
export function headAsGet(handlers: RequestHandler[]): RequestHandler {
  const validator = Router().use(handlers);
  return (req, res, next) => {
    if (req.method !== 'HEAD') {
      validator(req, res, next);
      return;
    }
    req.method = 'GET';
    validator(req, res, (error?: unknown) => {
      req.method = 'HEAD';
      next(error);
    });
  };
}
