import cors from 'cors';
import type { RequestHandler } from 'express';

/** What a browser on an allowed origin may send: the headers openapi.yaml's operations read. */
const ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'Idempotency-Key', 'X-Request-Id'];
/** What its script may read of a response beyond the CORS-safelisted headers. */
const EXPOSED_HEADERS = ['ETag', 'Location', 'Retry-After', 'RateLimit', 'RateLimit-Policy', 'WWW-Authenticate', 'X-Request-Id', 'Idempotent-Replayed'];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * CORS for the configured origins only (CORS_ORIGINS). A request from any other origin, or
 * without one, gets no Access-Control-* header at all (the `cors` package would otherwise send
 * the preflight's method and header lists to everyone); a preflight from an allowed origin is
 * answered here with 204. Undefined without origins: nothing to mount, nothing to pay.
 */
export function corsAllowList(origins: readonly string[]): RequestHandler | undefined {
  if (origins.length === 0) return undefined;
  const allowed = new Set(origins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: METHODS,
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
  });
}
