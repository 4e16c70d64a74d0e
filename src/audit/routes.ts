import { Router } from 'express';
import { route, withDefaults } from '../http/typed-routes';
import { auditAgent } from './agent';
import type { AuditTrail } from './audit-trail';

/** HTTP adapter of the access audit. */
export function auditRoutes(trail: AuditTrail): Router {
  const router = Router();

  route(router, 'get', '/api/patients/{id}/audit-events', async (req, res) => {
    const { limit, cursor } = withDefaults(req.query, ['limit']);
    res.json(await trail.page(req.params.id, limit, cursor, auditAgent(req, res)));
  });

  return router;
}
