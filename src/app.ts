import express from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { docsRoutes } from './docs/routes';
import type { EventContract } from './events/contract';
import { Outbox } from './events/outbox';
import { errorHandler } from './http/error-handler';
import { OPENAPI_FILE } from './paths';
import { PatientEvents } from './patients/events';
import { patientRoutes } from './patients/routes';
import { PatientService } from './patients/service';

export interface AppDependencies {
  db: Knex;
  logger: Logger;
  /** Validate every response against openapi.yaml: a response off the contract becomes a 500. */
  validateResponses: boolean;
  /** asyncapi.yaml, loaded: every event is validated against it before it is stored. */
  eventContract: EventContract;
  /** CloudEvents `source` of the events this service emits. */
  eventSource: string;
}

/** Builds the express app without listening, for server.ts and for the tests (supertest). */
export function createApp({ db, logger, validateResponses, eventContract, eventSource }: AppDependencies): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Entity tags are the patient's version (set by the routes), not a hash of the body.
  app.set('etag', false);
  app.set('query parser', 'extended');

  app.use(express.json({ limit: '256kb', type: ['application/json', 'application/*+json'] }));
  app.use(docsRoutes());
  app.use(
    OpenApiValidator.middleware({
      apiSpec: OPENAPI_FILE,
      // allErrors: a 400 lists every offending field. Safe here because every string, array and
      // body is bounded (maxLength, maxItems, body limit) and the patterns cannot backtrack.
      validateRequests: { allowUnknownQueryParameters: false, allErrors: true },
      validateResponses: validateResponses ? { allErrors: true } : false,
      validateFormats: true,
      ajvFormats: { mode: 'full' },
    }),
  );

  app.use(patientRoutes(new PatientService(db, new Outbox(eventContract), new PatientEvents(eventSource))));
  app.use(errorHandler(logger));
  return app;
}
