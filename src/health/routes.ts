import { Router } from 'express';
import { route } from '../http/typed-routes';
import type { HealthChecks } from './checks';

/**
 * The probes (openapi.yaml, tag Health): `/health/live` for the container runtime's liveness
 * check, `/health/ready` for load balancers and dependants. Never cached: a stale "ready" is
 * worse than none.
 */
export function healthRoutes(health: HealthChecks): Router {
  const router = Router();

  route(router, 'get', '/health/live', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });

  route(router, 'get', '/health/ready', async (_req, res) => {
    const readiness = await health.readiness();
    res
      .status(readiness.status === 'ready' ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json(readiness);
  });

  return router;
}
