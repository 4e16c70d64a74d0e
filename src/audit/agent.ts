import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { callerOf } from '../auth/bearer-auth';
import type { Caller } from '../auth/caller';
import { requestIdOf } from '../http/request-context';
import { ANONYMOUS_SUBJECT, type AuditAgent } from './audit-event';

/** The agent of a request: its verified caller (`undefined`: none, a 401) and its request id. */
export function agentOf(caller: Caller | undefined, res: Pick<Response, 'locals'>): AuditAgent {
  // requestContext gives every request an id; a fresh one keeps the row valid if it ever did not.
  const requestId = requestIdOf(res) ?? randomUUID();
  return caller ? { subject: caller.subject, clientId: caller.clientId ?? null, requestId } : { subject: ANONYMOUS_SUBJECT, clientId: null, requestId };
}

/** The agent of a request that passed its operation's security requirement. */
export function auditAgent(req: object, res: Pick<Response, 'locals'>): AuditAgent {
  return agentOf(callerOf(req), res);
}
