import knex from 'knex';

/** One pooled pg connection as the statements use it; `__knex__disposed` is knex's mark of a broken one. */
export interface PooledConnection {
  query(config: { name?: string; text: string; values: readonly unknown[] }): Promise<StatementResult>;
  __knex__disposed?: unknown;
}

/** What of knex's client the statements use: its pool of pg connections (a knex transaction's client hands out its one connection). */
export interface PoolClient {
  acquireConnection(): Promise<PooledConnection>;
  releaseConnection(connection: unknown): Promise<unknown>;
  /** knex's own query events, which its observers (the database availability) follow. */
  emit(event: 'query-response' | 'query-error', payload: unknown, query: { sql: string; name: string | undefined }): boolean;
}

/** Builds PostgreSQL SQL only (no connection): what statements are compiled with. */
export const builder = knex({ client: 'pg' });

/** What a statement answers: its rows, and how many rows it changed. */
export interface StatementResult {
  rows: unknown[];
  rowCount: number | null;
  /** The command tag's verb (pg's `command`): what the server says it did. */
  command?: string;
}

/**
 * Runs one statement on `connection` and reports it to knex's query events, as knex does for
 * its own queries, so that whoever follows the pool (src/db/availability.ts) sees it too; the
 * events carry the SQL text and the statement's name, never the bound values.
 */
export async function runStatement(client: PoolClient, connection: PooledConnection, text: string, values: readonly unknown[], name: string | undefined): Promise<StatementResult> {
  const query = { sql: text, name };
  try {
    const result = await connection.query(name === undefined ? { text, values } : { name, text, values });
    client.emit('query-response', result, query);
    return result;
  } catch (error) {
    client.emit('query-error', error, query);
    throw error;
  }
}
