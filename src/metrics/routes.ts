import { Router } from 'express';
import type { MetricsSource } from './metrics';

/**
 * `GET /metrics` in the Prometheus text exposition format. Not part of openapi.yaml (mounted
 * before the validator, like the docs): the format is Prometheus', not this API's, the contract
 * speaks JSON only, and the SDK has no business with it. It carries no personal data, but keep
 * it inside the platform's network all the same (the gateway does not route it).
 */
export function metricsRoutes(metrics: MetricsSource): Router {
  const router = Router();
  router.get('/metrics', (_req, res, next) => {
    metrics.exposition().then(({ contentType, body }) => {
      res.set('Cache-Control', 'no-store').type(contentType).send(body);
    }, next);
  });
  return router;
}
