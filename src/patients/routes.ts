import { Router } from 'express';
import { operation } from '../http/typed-handler';
import type { ListQuery, PatientService } from './service';

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
      const patient = await service.create(req.body);
      res.status(201).location(`/api/patients/${patient.id}`).json(patient);
    }),
  );

  router.get(
    '/api/patients/:id',
    operation<'getPatient'>(async (req, res) => {
      res.json(await service.get(req.params.id));
    }),
  );

  router.put(
    '/api/patients/:id',
    operation<'replacePatient'>(async (req, res) => {
      res.json(await service.replace(req.params.id, req.body));
    }),
  );

  router.delete(
    '/api/patients/:id',
    operation<'deletePatient'>(async (req, res) => {
      await service.remove(req.params.id);
      res.status(204).end();
    }),
  );

  return router;
}
