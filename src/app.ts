import express from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { AuditTrail } from './audit/audit-trail';
import { auditRefusals } from './audit/refusals';
import { auditRoutes } from './audit/routes';
import { bearerAuth } from './auth/bearer-auth';
import { callerRateLimited } from './rate-limit/caller-limit';
import type { RateLimits } from './rate-limit/limiter';
import type { TokenVerifier } from './auth/token-verifier';
import { DatabaseAvailability } from './db/availability';
import { docsRoutes } from './docs/routes';
import type { EventContract } from './events/event-contract';
import { Outbox } from './events/outbox';
import { HealthChecks } from './health/checks';
import { healthRoutes } from './health/routes';
import { errorHandler } from './http/error-handler';
import { headAsGet } from './http/head-as-get';
import { sendJsonInOneWrite } from './http/json-response';
import { corsAllowList } from './http/cors';
import { rejectNulCharacters } from './http/reject-nul';
import { requestContext } from './http/request-context';
import { rejectInvalidUtf8 } from './http/strict-utf8';
import { securityHeaders } from './http/security-headers';
import { Metrics } from './metrics/metrics';
import { OPENAPI_FILE } from './file-locations';
import { PatientEvents } from './patients/events';
import { readInputDefaults } from './patients/input-defaults';
import type { ListCursors } from './patients/list-cursor';
import { LIST_EXACT_TOTAL_LIMIT } from './patients/list-query';
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
  /** What /health/ready and /metrics report; server.ts passes its own (with the relay, told of shutdown). Default: database checks only. */
  health?: HealthChecks;
  /** Verifies the access tokens of every `/api` operation (openapi.yaml's oauth2 scheme). */
  tokenVerifier: TokenVerifier;
  /** The per-caller budgets every `/api` request is charged against (in memory, or shared through Redis). */
  rateLimits: RateLimits;
  /** Whether the database answers, logged once per change of state; server.ts passes its own (also read by /metrics). Default: one of the app's own. */
  availability?: DatabaseAvailability;
  /** Where request durations are counted; server.ts serves it on METRICS_PORT (createMetricsApp). Default: one of the app's own, unexposed. */
  metrics?: Metrics;
  /** Browser origins allowed to call `/api` (CORS_ORIGINS); default none. */
  corsOrigins?: readonly string[];
  /** express `trust proxy` hops (TRUST_PROXY): whether X-Forwarded-Proto makes `req.secure`. Default 0. */
  trustProxyHops?: number;
  /** How long an Idempotency-Key of POST /api/patients is remembered (default 24 h). */
  idempotencyKeyTtlSeconds?: number;
  /** LIST_EXACT_TOTAL_LIMIT: a list total is exact up to this many matches (default 10,000). */
  listExactTotalLimit?: number;
  /** Seals and opens the list's cursors (LIST_CURSOR_KEY): replicas share the key, so one continues another's pages. */
  listCursors: ListCursors;
}

/** Builds the express app without listening, for server.ts and for the tests (supertest). */
export function createApp({
  db,
  logger,
  validateResponses,
  eventContract,
  eventSource,
  tokenVerifier,
  rateLimits,
  health = new HealthChecks({ db }),
  idempotencyKeyTtlSeconds = 24 * 3600,
  availability = new DatabaseAvailability({ logger, repeatIntervalMs: 10_000 }).watch(db),
  listExactTotalLimit = LIST_EXACT_TOTAL_LIMIT,
  listCursors,
  metrics = new Metrics({ db, relay: health.relay, availability }),
  corsOrigins = [],
  trustProxyHops = 0,
}: AppDependencies): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Entity tags are the patient's version (set by the routes), not a hash of the body.
  app.set('etag', false);
  app.set('query parser', 'extended');
  sendJsonInOneWrite(app);
  if (trustProxyHops > 0) app.set('trust proxy', trustProxyHops);

  // First, so that every response carries X-Request-Id and every request is logged and measured.
  app.use(requestContext({ logger, onFinished: (outcome) => metrics.observeRequest(outcome), quietRoutes: new Set(['/health/live', '/health/ready']) }));
  app.use(securityHeaders());
  const cors = corsAllowList(corsOrigins);
  if (cors) app.use('/api', cors);
  app.use(express.json({ limit: '256kb', type: ['application/json', 'application/*+json'], verify: rejectInvalidUtf8 }));
  app.use(docsRoutes());
  app.use(
    headAsGet(OpenApiValidator.middleware({
      apiSpec: OPENAPI_FILE,
      // allErrors: a 400 lists every offending field. Safe here because every string, array and
      // body is bounded (maxLength, maxItems, body limit) and the patterns cannot backtrack.
      validateRequests: { allowUnknownQueryParameters: false, allErrors: true },
      validateResponses: validateResponses ? { allErrors: true } : false,
      validateFormats: true,
      ajvFormats: { mode: 'full' },
      // Runs before request validation: a caller without a valid token learns nothing of the body rules.
      validateSecurity: { handlers: { oauth2: callerRateLimited(bearerAuth(tokenVerifier), rateLimits) } },
    })),
  );

  app.use(rejectNulCharacters());
  // The API's routes first: an /api request is matched before the probes' routes are tried.
  app.use(patientRoutes(new PatientService(db, new Outbox(eventContract), new PatientEvents(eventSource), { idempotencyKeyTtlSeconds, inputDefaults: readInputDefaults(), listExactTotalLimit, listCursors })));
  app.use(auditRoutes(new AuditTrail(db)));
  // Refused attempts on patients are recorded before their problem is sent.
  app.use('/api', auditRefusals({ db, logger }));
  app.use(healthRoutes(health));
  app.use(errorHandler(logger, availability));
  return app;
}
