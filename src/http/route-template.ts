import type { Request } from 'express';

/** What request logs and metrics call a request that matched no route: an unknown path, or a body that could not be parsed. */
export const UNMATCHED_ROUTE = 'unmatched';

interface OpenApiMetadata {
  /** express-openapi-validator's match of the request in openapi.yaml, e.g. `/api/patients/:id`. */
  expressRoute?: unknown;
}

/**
 * The route template a request matched (`/api/patients/:id`), never its URL: paths carry ids
 * and query strings carry search terms (names), which must not reach logs or metric labels, and
 * raw URLs would give a metric one series per patient.
 *
 * The express route when a handler matched; else the route express-openapi-validator found in
 * openapi.yaml (a 400 is answered before any handler runs); else {@link UNMATCHED_ROUTE}.
 * Read it when the response is finished: both are set while the request is routed.
 */
export function routeTemplate(req: Request): string {
  const route = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof route === 'string') return `${req.baseUrl}${route}`;
  // An array of fixed paths (no parameters): the one that matched is no more than the template.
  if (Array.isArray(route) && route.includes(req.path)) return `${req.baseUrl}${req.path}`;
  const openapi = (req as Request & { openapi?: OpenApiMetadata }).openapi;
  if (typeof openapi?.expressRoute === 'string') return openapi.expressRoute;
  return UNMATCHED_ROUTE;
}
