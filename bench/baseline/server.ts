import { randomUUID } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import type { AuditAgent, AuditEntry } from '../../src/audit/audit-event';
import { auditValues, searchAuditValues } from '../../src/audit/audit-statements';
import { queryShape } from '../../src/audit/query-shape';
import { installTypeParsers, SESSION_OPTIONS } from '../../src/db/type-parsers';
import { outboxValues } from '../../src/events/outbox';
import type { Patient } from '../../src/patients/api-types';
import { PatientEvents } from '../../src/patients/events';
import { LIST_EXACT_TOTAL_LIMIT, readListPage } from '../../src/patients/list-query';
import { DUPLICATE_KEY_LOCKS, valuesOf } from '../../src/patients/duplicates';
import { INSERT_PATIENT, READ_PATIENT, UPDATE_PATIENT } from '../../src/patients/repository';
import { PATIENT_FOR_UPDATE, patientValues } from '../../src/patients/statements';
import { ListCursors } from '../../src/patients/list-cursor';
import { localListCursorKey } from '../../src/patients/list-cursor-keys';
import { listQueryOf } from './list-request';

/**
 * The stack's ceiling: node:http + pg, no framework, no validation, no token, no idempotency
 * keys. It sends the service's own statements (src/patients/repository.ts, statements.ts and
 * list-query.ts, imported: the same text, bound by the same code, the same named prepared
 * statements), so it does the same database work: a GET by id with its audit row, a write with
 * its outbox and audit rows, a list with its audit rows in the page's statement. It answers with
 * the same JSON. The gap to the service is what the service adds on top of that work: express,
 * request validation, token verification, the event's contract check, logging and metrics. A
 * write runs in a transaction like the service's: PUT and PATCH lock the row first, POST takes
 * its duplicate keys' advisory locks first. The statements are built by knex once, when the
 * modules load; no request goes through knex.
 *
 * It serves exactly the requests of the bench scenarios; anything else is a 400.
 * Environment: PORT, DATABASE_URL, DB_POOL_MAX (default 10, the service's default), DATA_DIR
 * (the service's: list cursors are sealed, as the service seals them, with its local key).
 */

// The service's driver settings: dates stay strings, instants become ISO.
installTypeParsers();

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DB_POOL_MAX ?? 10),
  application_name: 'patient-service-baseline',
  // Like the service's pool (tarn's default): idle connections live 30 s.
  idleTimeoutMillis: 30_000,
  // The service's session settings (UTC, ISO dates: src/db/type-parsers.ts).
  options: SESSION_OPTIONS,
});

type Row = Record<string, unknown>;

const events = new PatientEvents('/baseline');

/** The audit values of one request, as the service binds them (who asks: the bench's client). */
function audit(entry: AuditEntry): Record<string, unknown> {
  return auditValues({ agent: agent(), entry });
}

function agent(): AuditAgent {
  return { subject: 'bench', clientId: 'bench', requestId: randomUUID() };
}

/** The outbox row of the event, as the service's outbox builds it (without its contract check: that is the service's own work). */
function outbox(event: ReturnType<PatientEvents['created' | 'updated']>): Record<string, unknown> {
  return outboxValues({ event_id: event.id, aggregate_id: event.subject, event_type: event.type, payload: JSON.stringify(event) });
}

const FIELD_GROUPS = ['profile', 'health'] as const;

class BadRequest extends Error {}

async function query(call: pg.QueryConfig, client: pg.Pool | pg.PoolClient = pool): Promise<Row[]> {
  return (await client.query<Row>(call)).rows;
}

async function transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Locks and reads the patient, then writes `next(current)` over it. */
async function lockAndWrite(id: string, operation: 'update' | 'patch', next: (current: Row) => Row): Promise<Row | undefined> {
  return transaction(async (client) => {
    const [current] = await query(PATIENT_FOR_UPDATE.call({ id }), client);
    if (!current) return undefined;
    // Like the service: the next version and the time of the change are bound, not computed in SQL.
    const patient = { ...next(current), id, version: Number(current.version) + 1, updatedAt: new Date().toISOString() } as Patient;
    const values = { ...patientValues(patient), ...outbox(events.updated(patient)), ...audit({ operation, patientId: id, fieldGroups: FIELD_GROUPS }) };
    return (await query(UPDATE_PATIENT.call(values), client))[0];
  });
}

/** RFC 7396 JSON Merge Patch. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const result: Row = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Row) } : {};
  for (const [key, value] of Object.entries(patch as Row)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** A merged patient: a field the patch cleared is null again (the row has every field). */
function patched(current: Row, patch: Row): Row {
  const merged = mergePatch(current, patch) as Row;
  for (const key of Object.keys(current)) if (!(key in merged)) merged[key] = null;
  return merged;
}

const listCursors = localListCursorKey(process.env.DATA_DIR ?? '.data').then((key) => ListCursors.withKeys(key, undefined));

/** As the service does: the same page reader (src/patients/list-query.ts), its statements sent with plain pg. */
async function listPatients(search: URLSearchParams): Promise<unknown> {
  const list = listQueryOf(search);
  const audit = searchAuditValues(agent(), { operation: 'search', fieldGroups: FIELD_GROUPS, query: queryShape(list) });
  const { rows, ...page } = await readListPage(async <R>(statement: Parameters<Parameters<typeof readListPage>[0]>[0], values: Record<string, unknown>) => (await query(statement.call(values))) as R[], list, LIST_EXACT_TOTAL_LIMIT, await listCursors, audit);
  return { data: rows, ...page, limit: list.limit, offset: list.offset };
}

function readBody(req: http.IncomingMessage): Promise<Row> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 256 * 1024) reject(new BadRequest('body too large'));
      chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Row);
      } catch {
        reject(new BadRequest('malformed JSON'));
      }
    });
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json), ...headers });
  res.end(json);
}

const ID = /^\/api\/patients\/([0-9a-f-]{36})$/;

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const id = ID.exec(url.pathname)?.[1];
  if (req.method === 'GET' && url.pathname === '/api/patients') {
    send(res, 200, await listPatients(url.searchParams));
  } else if (req.method === 'GET' && id) {
    const [row] = await query(READ_PATIENT.call({ id, ...audit({ operation: 'read', patientId: id, fieldGroups: FIELD_GROUPS }) }));
    if (row) send(res, 200, row);
    else send(res, 404, { title: 'Not Found' });
  } else if (req.method === 'POST' && url.pathname === '/api/patients') {
    const body = await readBody(req);
    // Like the service, it makes the id and timestamps itself (the statement names every column).
    const now = new Date().toISOString();
    const patient = { id: randomUUID(), version: 1, createdAt: now, updatedAt: now, ...body } as Patient;
    const values = { ...patientValues(patient), ...outbox(events.created(patient)), ...audit({ operation: 'create', patientId: patient.id, fieldGroups: FIELD_GROUPS }) };
    // Like the service: a create takes its duplicate keys' locks first, in its transaction (allowDuplicate=true skips only the check).
    const row = await transaction(async (client) => {
      await query(DUPLICATE_KEY_LOCKS.call(valuesOf(patient)), client);
      return (await query(INSERT_PATIENT.call(values), client))[0];
    });
    send(res, 201, row, { location: `/api/patients/${String(row!.id)}` });
  } else if (req.method === 'PUT' && id) {
    const body = await readBody(req);
    const row = await lockAndWrite(id, 'update', () => body);
    if (row) send(res, 200, row);
    else send(res, 404, { title: 'Not Found' });
  } else if (req.method === 'PATCH' && id) {
    const patch = await readBody(req);
    const row = await lockAndWrite(id, 'patch', (current) => patched(current, patch));
    if (row) send(res, 200, row);
    else send(res, 404, { title: 'Not Found' });
  } else {
    send(res, 400, { title: `the baseline does not serve ${req.method} ${url.pathname}` });
  }
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    if (error instanceof BadRequest) send(res, 400, { title: error.message });
    else {
      process.stderr.write(`baseline: ${error instanceof Error ? error.message : String(error)}\n`);
      send(res, 500, { title: 'Internal Server Error' });
    }
  });
});

server.listen(Number(process.env.PORT ?? 3100), '127.0.0.1', () => {
  process.stdout.write(`baseline listening on 127.0.0.1:${process.env.PORT ?? 3100}\n`);
});

const stop = (): void => {
  server.close(() => void pool.end().then(() => process.exit(0)));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
