import { Router } from 'express';
import { operation, type OperationResponse } from '../http/typed-handler';
import type { HealthChecks } from './checks';

/**
 * The probes (openapi.yaml, tag Health): `/health/live` for the container runtime's liveness
 * check, `/health/ready` for load balancers and dependants. Never cached: a stale "ready" is
 * worse than none.
 */
export function healthRoutes(health: HealthChecks): Router {
  const router = Router();

  router.get('/health/live', (_req, res: OperationResponse<'getLiveness'>) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });

  router.get(
    '/health/ready',
    operation<'getReadiness'>(async (_req, res) => {
      const readiness = await health.readiness();
      res
        .status(readiness.status === 'ready' ? 200 : 503)
        .set('Cache-Control', 'no-store')
        .json(readiness);
    }),
  );

  return router;
}
