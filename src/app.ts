import express from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { errorHandler } from './http/error-handler';
import { OPENAPI_FILE } from './paths';
import { patientRoutes } from './patients/routes';
import { PatientService } from './patients/service';

export interface AppDependencies {
  db: Knex;
  logger: Logger;
  /** Validate every response against openapi.yaml: a response off the contract becomes a 500. */
  validateResponses: boolean;
}

/** Builds the express app without listening, for server.ts and for the tests (supertest). */
export function createApp({ db, logger, validateResponses }: AppDependencies): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Entity tags are the patient's version (set by the routes), not a hash of the body.
  app.set('etag', false);
  app.set('query parser', 'extended');

  app.use(express.json({ limit: '256kb', type: ['application/json', 'application/*+json'] }));
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

  app.use(patientRoutes(new PatientService(db)));
  app.use(errorHandler(logger));
  return app;
}
