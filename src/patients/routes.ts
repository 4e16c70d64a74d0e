import { Router } from 'express';
import { auditAgent } from '../audit/agent';
import { callerOf } from '../auth/bearer-auth';
import { PATIENTS_READ_SCOPE } from '../auth/caller';
import { pageLinks } from '../http/page-links';
import { entityTag, parseVersionCondition } from '../http/entity-tags';
import { route, withDefaults } from '../http/typed-routes';
import { healthAccess } from './health-data';
import type { PatientService } from './service';
import { versionMatches } from './version-condition';

/** HTTP adapter of the patient component: request in, service call, response out. */
export function patientRoutes(service: PatientService): Router {
  const router = Router();

  route(router, 'get', '/api/patients', async (req, res) => {
    const page = await service.list(withDefaults(req.query, ['limit', 'offset', 'sort', 'total', 'phonetic']), healthAccess(callerOf(req)), auditAgent(req, res));
    const links = pageLinks(req.originalUrl, page);
    if (links) res.set('Link', links);
    res.json(page);
  });

  route(router, 'post', '/api/patients', async (req, res) => {
    const caller = callerOf(req);
    const { patient, replayed } = await service.create(req.body, healthAccess(caller), auditAgent(req, res), req.get('Idempotency-Key'), {
      allow: req.query.allowDuplicate === true,
      mayName: caller.scopes.has(PATIENTS_READ_SCOPE),
    });
    if (replayed) res.set('Idempotent-Replayed', 'true');
    res.status(201).location(`/api/patients/${patient.id}`).set('ETag', entityTag(patient.version)).json(patient);
  });

  route(router, 'get', '/api/patients/{id}', async (req, res) => {
    const patient = await service.get(req.params.id, healthAccess(callerOf(req)), auditAgent(req, res));
    res.set('ETag', entityTag(patient.version));
    const unchanged = parseVersionCondition(req.get('If-None-Match'), 'weak');
    if (unchanged && versionMatches(unchanged, patient.version)) {
      res.status(304).end();
      return;
    }
    res.json(patient);
  });

  route(router, 'put', '/api/patients/{id}', async (req, res) => {
    const patient = await service.replace(req.params.id, req.body, healthAccess(callerOf(req)), auditAgent(req, res), parseVersionCondition(req.get('If-Match'), 'strong'));
    res.set('ETag', entityTag(patient.version)).json(patient);
  });

  route(router, 'patch', '/api/patients/{id}', async (req, res) => {
    const patient = await service.patch(req.params.id, req.body, healthAccess(callerOf(req)), auditAgent(req, res), parseVersionCondition(req.get('If-Match'), 'strong'));
    res.set('ETag', entityTag(patient.version)).json(patient);
  });

  route(router, 'delete', '/api/patients/{id}', async (req, res) => {
    // auditAgent fails closed if the route ever stops being behind the oauth2 requirement.
    await service.remove(req.params.id, auditAgent(req, res), parseVersionCondition(req.get('If-Match'), 'strong'));
    res.status(204).end();
  });

  route(router, 'get', '/api/patients/{id}/export', async (req, res) => {
    res.json(await service.export(req.params.id, auditAgent(req, res)));
  });

  return router;
}
