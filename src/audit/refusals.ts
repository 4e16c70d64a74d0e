import type { ErrorRequestHandler, Request, Response } from 'express';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { operations } from '../../generated/openapi';
import { authFailureOf, callerOf } from '../auth/bearer-auth';
import type { Caller } from '../auth/caller';
import { AppError } from '../errors';
import { DOMAIN_PROBLEMS } from '../http/problem';
import { requestIdOf } from '../http/request-context';
import { rateLimitOf } from '../rate-limit/caller-limit';
import { agentOf } from './agent';
import type { AuditOperation, RefusedStatus } from './audit-event';
import { recordAuditEvent, recordIfPatientExists } from './audit-log';
import { wasAudited } from './audited-errors';

/** What each operation of openapi.yaml is in the audit; null: not an access to patient data. Total: a new operation must be classified. */
const OPERATIONS = {
  getLiveness: null,
  getReadiness: null,
  listPatients: 'search',
  createPatient: 'create',
  getPatient: 'read',
  replacePatient: 'update',
  updatePatient: 'patch',
  deletePatient: 'delete',
  listPatientAuditEvents: 'audit-read',
  exportPatient: 'export',
} as const satisfies Record<keyof operations, AuditOperation | null>;

/**
 * The refusals that are audited: no valid token (401), a missing scope or health-data write
 * scope (403), no such patient (404), a refused status change (409), a stale version (412).
 * Not: malformed requests (400, 415, 422: they never reached a record), rate-limited ones
 * (429: recording them would let a flood grow the table) and failures of the service (5xx).
 */
const AUDITED_STATUSES: ReadonlySet<number> = new Set<RefusedStatus>([401, 403, 404, 409, 412]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface OpenApiRequest {
  openapi?: { schema?: { operationId?: string }; pathParams?: Record<string, string> };
}

interface Refusal {
  status: RefusedStatus;
  /** The verified caller; undefined for a 401. */
  caller: Caller | undefined;
}

function refusalOf(error: unknown, req: Request): Refusal | undefined {
  if (rateLimitOf(req)) return undefined;
  const auth = authFailureOf(req);
  if (auth) {
    if (auth.status === 401) return { status: 401, caller: undefined };
    if (auth.status === 403 && auth.caller) return { status: 403, caller: auth.caller };
    return undefined;
  }
  if (!(error instanceof AppError) || wasAudited(error)) return undefined;
  const status = DOMAIN_PROBLEMS[error.kind].status;
  return AUDITED_STATUSES.has(status) ? { status: status as RefusedStatus, caller: callerOf(req) } : undefined;
}

/**
 * Remembers which (operation, patient) got an anonymous refusal lately, so a flood of bad
 * tokens against one patient writes one row per window, not one per request. Bounded: when
 * full it forgets everything (at worst a few extra rows).
 */
class RecentRefusals {
  private readonly seen = new Map<string, number>();
  constructor(
    private readonly windowMs: number,
    private readonly maxEntries: number,
  ) {}

  /** True the first time `key` is offered in a window. */
  firstInWindow(key: string, now = Date.now()): boolean {
    const last = this.seen.get(key);
    if (last !== undefined && now - last < this.windowMs) return false;
    if (this.seen.size >= this.maxEntries) this.seen.clear();
    this.seen.set(key, now);
    return true;
  }
}

export interface RefusalAuditOptions {
  db: Knex;
  logger: Logger;
  /** At most one anonymous (401) audit event per operation and patient in this window. Default 60 s. */
  anonymousWindowMs?: number;
}

/**
 * Error middleware before the error handler: records refused attempts on patient operations
 * (AUDITED_STATUSES) before the problem is sent, then passes the error on untouched.
 *
 * A 401 has no verified caller: its agent is `anonymous`, and it is recorded only when it
 * names a patient that exists, at most once per operation, patient and window in each process.
 * Anybody can send bad tokens, so this bounds what they can write by the number of patients
 * whose ids they know, not by the number of requests (which the per-address rate limit bounds
 * further). Refusals of verified callers (403 and the rest) are all recorded: each costs its
 * caller rate-limit points and names who did it.
 *
 * When the audit cannot be stored (the database is down), the refusal is answered anyway: it
 * serves nothing, and the failure is logged.
 */
export function auditRefusals({ db, logger, anonymousWindowMs = 60_000 }: RefusalAuditOptions): ErrorRequestHandler {
  const recent = new RecentRefusals(anonymousWindowMs, 10_000);
  return async (error: unknown, req: Request, res: Response, next: (error: unknown) => void) => {
    try {
      const operationId = (req as Request & OpenApiRequest).openapi?.schema?.operationId as keyof typeof OPERATIONS | undefined;
      const operation = operationId ? OPERATIONS[operationId] : undefined;
      const refusal = operation ? refusalOf(error, req) : undefined;
      if (operation && refusal) {
        const id = (req as Request & OpenApiRequest).openapi?.pathParams?.id;
        // Path parameters are not validated before authentication: only a well-formed id is kept.
        const patientId = id !== undefined && UUID.test(id) ? id.toLowerCase() : null;
        const record = { agent: agentOf(refusal.caller, res), entry: { operation, patientId, fieldGroups: [], refusedStatus: refusal.status } };
        if (!refusal.caller) {
          if (patientId !== null && recent.firstInWindow(`${operation}|${patientId}`)) await recordIfPatientExists(db, record);
        } else {
          await recordAuditEvent(db, record);
        }
      }
    } catch (auditError) {
      // The error's name and code only: a database error's detail would quote the row.
      logger.error({ requestId: requestIdOf(res), error: (auditError as Error).name, code: (auditError as { code?: unknown }).code }, 'audit: a refused attempt could not be recorded');
    }
    next(error);
  };
}
