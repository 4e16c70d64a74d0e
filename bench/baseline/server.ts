import { randomUUID } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import * as SQL from './sql';

/**
 * The stack's ceiling: node:http + pg, no framework, no validation, no outbox, no idempotency
 * keys. It sends the service's own statements on the patients table (bench/baseline/sql.ts)
 * with the same parameters and answers with the same JSON, so the gap to the service is what
 * the service adds on top of that database work: express, request validation, the outbox
 * insert and its transaction, knex. A write that locks the row first (PUT, PATCH) runs in a
 * transaction like the service's, since the lock means nothing outside one; POST is the bare
 * insert.
 *
 * It serves exactly the requests of the bench scenarios; anything else is a 400.
 * Environment: PORT, DATABASE_URL, DB_POOL_MAX (default 10, the service's default).
 */

// The service's driver settings (src/db/knex.ts): dates stay strings, instants become ISO.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, (value: string) => new Date(value).toISOString());
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DB_POOL_MAX ?? 10),
  application_name: 'patient-service-baseline',
  // Like the service's pool (tarn's default): idle connections live 30 s.
  idleTimeoutMillis: 30_000,
});

type Row = Record<string, unknown>;

/** `"column" as "field"` pairs of a select list or returning clause. */
function fieldsOf(sql: string): Map<string, string> {
  return new Map([...sql.matchAll(/"(\w+)" as "(\w+)"/g)].map((m) => [m[1]!, m[2]!]));
}

/** The 0-based parameter index of each `"column" = $n` in a statement. */
function assignments(sql: string): Map<string, number> {
  return new Map([...sql.matchAll(/"(\w+)" = \$(\d+)/g)].map((m) => [m[1]!, Number(m[2]) - 1]));
}

function placeholder(sql: string, pattern: RegExp): number | undefined {
  const match = pattern.exec(sql);
  return match ? Number(match[1]) - 1 : undefined;
}

/** The service stores objects (time and location availability) as JSON text. */
function toParam(value: unknown): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? JSON.stringify(value) : value;
}

/** Parameters by position from `"column"` positions and a patient body. */
function bindColumns(positions: Map<string, number>, fields: Map<string, string>, body: Row, params: unknown[]): void {
  for (const [column, index] of positions) {
    const field = fields.get(column);
    if (field === undefined) throw new Error(`no field for column ${column}`);
    params[index] = toParam(body[field]);
  }
}

const get = {
  id: placeholder(SQL.GET_PATIENT, /"id" = \$(\d+)/),
  limit: placeholder(SQL.GET_PATIENT, /limit \$(\d+)/),
};

/** Parameter positions of a list statement (the page, or its count). */
function listBinding(sql: string) {
  return {
    statuses: [...(/"status" in \(([^)]*)\)/.exec(sql)?.[1] ?? '').matchAll(/\$(\d+)/g)].map((m) => Number(m[1]) - 1),
    patterns: [...sql.matchAll(/ilike \$(\d+)/g)].map((m) => Number(m[1]) - 1),
    limit: placeholder(sql, /limit \$(\d+)/),
  };
}
const list = { ...listBinding(SQL.LIST_PATIENTS), sort: /order by "(\w+)"/.exec(SQL.LIST_PATIENTS)?.[1] };
const count = SQL.COUNT_PATIENTS === undefined ? undefined : listBinding(SQL.COUNT_PATIENTS);

const insertColumns = (/insert into "patients" \(([^)]*)\)/.exec(SQL.INSERT_PATIENT)?.[1] ?? '').split(', ').map((c) => c.replace(/"/g, ''));
const insert = { positions: new Map(insertColumns.map((column, index) => [column, index])), fields: fieldsOf(SQL.INSERT_PATIENT) };

const lock = {
  id: placeholder(SQL.LOCK_PATIENT, /"id" = \$(\d+)/),
  limit: placeholder(SQL.LOCK_PATIENT, /limit \$(\d+)/),
};

/** An UPDATE ... SET "column" = $n ... WHERE "id" = $m, bound from a patient object. */
function updateBinding(sql: string) {
  return {
    positions: assignments(sql.slice(0, sql.indexOf(' where '))),
    fields: fieldsOf(sql),
    id: placeholder(sql, /where "id" = \$(\d+)/),
  };
}
const replace = updateBinding(SQL.REPLACE_PATIENT);
const update = updateBinding(SQL.UPDATE_PATIENT);

const SORTS: Record<string, string> = { lastName: 'last_name', createdAt: 'created_at', searchStartedOn: 'search_started_on' };

class BadRequest extends Error {}

/** Escapes LIKE wildcards, as the service does. */
function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

async function query(sql: string, params: unknown[], client: pg.Pool | pg.PoolClient = pool): Promise<Row[]> {
  return (await client.query<Row>(sql, params)).rows;
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

/** Locks and reads the patient, then writes `next(current)` with `binding`'s statement. */
async function lockAndWrite(id: string, sql: string, binding: ReturnType<typeof updateBinding>, next: (current: Row) => Row): Promise<Row | undefined> {
  return transaction(async (client) => {
    const lockParams: unknown[] = [];
    if (lock.id !== undefined) lockParams[lock.id] = id;
    if (lock.limit !== undefined) lockParams[lock.limit] = 1;
    const [current] = (await client.query<Row>({ name: SQL.LOCK_PATIENT_STATEMENT_NAME, text: SQL.LOCK_PATIENT, values: lockParams })).rows;
    if (!current) return undefined;
    const params: unknown[] = [];
    // Like the service: the next version and the time of the change are bound, not computed in SQL.
    bindColumns(binding.positions, binding.fields, { ...next(current), version: Number(current.version) + 1, updatedAt: new Date().toISOString() }, params);
    if (binding.id !== undefined) params[binding.id] = id;
    return (await query(sql, params, client))[0];
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

async function listPatients(search: URLSearchParams): Promise<unknown> {
  const statuses = search.getAll('status');
  const term = search.get('search');
  const limit = Number(search.get('limit') ?? 20);
  if (statuses.length !== list.statuses.length || !term || SORTS[search.get('sort') ?? ''] !== list.sort || Number(search.get('offset') ?? 0) !== 0) {
    throw new BadRequest(`the baseline serves only the bench's list shape (${list.statuses.length} statuses, search, sort by ${list.sort}, offset 0)`);
  }
  const bind = (binding: ReturnType<typeof listBinding>): unknown[] => {
    const params: unknown[] = [];
    binding.statuses.forEach((index, i) => (params[index] = statuses[i]));
    for (const index of binding.patterns) params[index] = likePattern(term);
    if (binding.limit !== undefined) params[binding.limit] = limit;
    return params;
  };
  if (SQL.COUNT_PATIENTS !== undefined && count) {
    // Page and count side by side on two connections, as the service does.
    const [rows, counted] = await Promise.all([query(SQL.LIST_PATIENTS, bind(list)), query(SQL.COUNT_PATIENTS, bind(count))]);
    return { data: rows, total: Number(counted[0]?.count ?? 0), limit, offset: 0 };
  }
  // One statement: the total rides along in each row's __total column.
  const rows = await query(SQL.LIST_PATIENTS, bind(list));
  const total = rows.length > 0 ? Number(rows[0]!.__total) : 0;
  for (const row of rows) delete row.__total;
  return { data: rows, total, limit, offset: 0 };
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
    const params: unknown[] = [];
    if (get.id !== undefined) params[get.id] = id;
    if (get.limit !== undefined) params[get.limit] = 1;
    const [row] = (await pool.query<Row>({ name: SQL.GET_PATIENT_STATEMENT_NAME, text: SQL.GET_PATIENT, values: params })).rows;
    if (row) send(res, 200, row);
    else send(res, 404, { title: 'Not Found' });
  } else if (req.method === 'POST' && url.pathname === '/api/patients') {
    const body = await readBody(req);
    const params: unknown[] = [];
    // Like the service, it makes the id and timestamps itself (the statement names every column).
    const now = new Date().toISOString();
    bindColumns(insert.positions, insert.fields, { id: randomUUID(), version: 1, createdAt: now, updatedAt: now, ...body }, params);
    const [row] = await query(SQL.INSERT_PATIENT, params);
    send(res, 201, row, { location: `/api/patients/${String(row!.id)}` });
  } else if (req.method === 'PUT' && id) {
    const body = await readBody(req);
    const row = await lockAndWrite(id, SQL.REPLACE_PATIENT, replace, () => body);
    if (row) send(res, 200, row);
    else send(res, 404, { title: 'Not Found' });
  } else if (req.method === 'PATCH' && id) {
    const patch = await readBody(req);
    const row = await lockAndWrite(id, SQL.UPDATE_PATIENT, update, (current) => patched(current, patch));
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
