import { Router } from 'express';
import { entityTag, parseVersionCondition } from '../http/entity-tags';
import { operation } from '../http/typed-handler';
import type { ListQuery, PatientService } from './service';
import { versionMatches } from './version-condition';

/** HTTP adapter of the patient component: request in, service call, response out. */
export function patientRoutes(service: PatientService): Router {
  const router = Router();

  router.get(
    '/api/patients',
    operation<'listPatients'>(async (req, res) => {
      // express-openapi-validator has applied openapi.yaml's defaults (limit, offset, sort).
      res.json(await service.list(req.query as ListQuery));
    }),
  );

  router.post(
    '/api/patients',
    operation<'createPatient'>(async (req, res) => {
      const { patient, replayed } = await service.create(req.body, req.get('Idempotency-Key'));
      if (replayed) res.set('Idempotent-Replayed', 'true');
      res.status(201).location(`/api/patients/${patient.id}`).set('ETag', entityTag(patient.version)).json(patient);
    }),
  );

  router.get(
    '/api/patients/:id',
    operation<'getPatient'>(async (req, res) => {
      const patient = await service.get(req.params.id);
      res.set('ETag', entityTag(patient.version));
      const unchanged = parseVersionCondition(req.get('If-None-Match'), 'weak');
      if (unchanged && versionMatches(unchanged, patient.version)) {
        res.status(304).end();
        return;
      }
      res.json(patient);
    }),
  );

  router.put(
    '/api/patients/:id',
    operation<'replacePatient'>(async (req, res) => {
      const patient = await service.replace(req.params.id, req.body, parseVersionCondition(req.get('If-Match'), 'strong'));
      res.set('ETag', entityTag(patient.version)).json(patient);
    }),
  );

  router.patch(
    '/api/patients/:id',
    operation<'updatePatient'>(async (req, res) => {
      const patient = await service.patch(req.params.id, req.body, parseVersionCondition(req.get('If-Match'), 'strong'));
      res.set('ETag', entityTag(patient.version)).json(patient);
    }),
  );

  router.delete(
    '/api/patients/:id',
    operation<'deletePatient'>(async (req, res) => {
      await service.remove(req.params.id, parseVersionCondition(req.get('If-Match'), 'strong'));
      res.status(204).end();
    }),
  );

  return router;
}
