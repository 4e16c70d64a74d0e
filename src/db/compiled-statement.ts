import knex, { type Knex } from 'knex';

/** What of knex's client the statements use: its pool of pg connections (a transaction's client hands out its one connection). */
interface PoolClient {
  acquireConnection(): Promise<{ query(config: StatementCall): Promise<{ rows: unknown[] }> }>;
  releaseConnection(connection: unknown): Promise<unknown>;
  /** knex's own query events, which its observers (the database availability) follow. */
  emit(event: 'query-response' | 'query-error', payload: unknown, query: { sql: string; name: string | undefined }): boolean;
}

/** Builds PostgreSQL SQL only (no connection): what statements are compiled with. */
const builder = knex({ client: 'pg' });

/** Marks where a run-time value goes in a statement built by {@link compileStatement}. */
export class Slot {
  constructor(readonly key: string) {}
}

/** Where a value goes: `slot('x')` for a value, `slot.int('x')` for a limit or an offset. */
export interface SlotMaker<Key extends string> {
  (key: Key): Slot;
  int(key: Key): number;
}

const INTEGER_SLOT_BASE = 1_987_654_000;

/** One call of a statement as pg's `query()` takes it: a named prepared statement when `name` is set. */
export interface StatementCall {
  name?: string;
  text: string;
  values: unknown[];
}

/**
 * A statement for a hot path, built once by knex's query builder and then only bound, on the
 * pool or on a transaction's connection; a named one is also parsed and planned by PostgreSQL
 * once per connection. For statements of a fixed shape; a query with optional parts compiles
 * one per shape.
 */
export interface CompiledStatement<Values> {
  /** The prepared statement's name; undefined: parsed and planned for each call. */
  readonly name: string | undefined;
  /** The SQL text as PostgreSQL receives it, `$n` placeholders. */
  readonly text: string;
  /** The parameter list for one call, in placeholder order. */
  bind(values: Values): unknown[];
  /** The call as pg's `query()` takes it (what the bench baseline sends with plain pg). */
  call(values: Values): StatementCall;
  /** Runs the statement through knex and returns its rows. */
  rows<Row>(executor: Knex | Knex.Transaction, values: Values): Promise<Row[]>;
}

/**
 * `build` gets knex and a `slot(key)` function: put `slot('x')` wherever a value goes, and
 * `values.x` is bound there at run time. Any other binding (a `limit 1`, say) is kept as built.
 *
 * `name` makes it a named prepared statement: PostgreSQL plans it once per connection and may
 * settle on a generic plan, which suits lookups by key. Statements whose best plan depends on
 * the values (a search pattern's selectivity) pass `undefined`.
 */
export function compileStatement<Values extends Record<string, unknown>>(
  name: string | undefined,
  build: (sql: Knex, slot: SlotMaker<keyof Values & string>) => Knex.QueryBuilder,
): CompiledStatement<Values> {
  // knex's limit() and offset() take numbers only: integer slots are stand-in numbers, far
  // outside any constant a statement is built with, recognised among the bindings afterwards.
  const integerSlots = new Map<number, string>();
  const slot = Object.assign((key: string) => new Slot(key), {
    int: (key: string) => {
      const standIn = INTEGER_SLOT_BASE + integerSlots.size;
      integerSlots.set(standIn, key);
      return standIn;
    },
  });
  const compiled = build(builder, slot).toSQL();
  const native = compiled.toNative();
  const parameters = native.bindings.map((binding): ((values: Values) => unknown) => {
    if (binding instanceof Slot) return (values) => values[binding.key];
    const key = typeof binding === 'number' ? integerSlots.get(binding) : undefined;
    return key === undefined ? () => binding : (values) => values[key];
  });
  // pg sends undefined as NULL; knex refuses undefined bindings, so say NULL here.
  const bind = (values: Values): unknown[] => parameters.map((parameter) => parameter(values) ?? null);
  const options = name === undefined ? {} : { name };
  const text = native.sql;
  return {
    name,
    text,
    bind,
    call: (values) => ({ ...options, text, values: bind(values) }),
    async rows<Row>(executor: Knex | Knex.Transaction, values: Values): Promise<Row[]> {
      // Straight to pg on a connection of knex's pool (or the transaction's own connection):
      // the statement is built already, and knex.raw's run (query object, placeholder
      // rewriting, response processing, events) cost ~65 µs of a ~850 µs GET in the profile.
      // It also keeps knex from writing the bound values (personal data) into error messages.
      if (executor.isTransaction && (executor as Knex.Transaction).isCompleted()) throw new Error(`statement ${name ?? text} on a finished transaction`);
      const client = executor.client as PoolClient;
      const connection = await client.acquireConnection();
      // The query events knex emits for its own queries, so that whoever follows the pool
      // (src/db/availability.ts) sees these statements too; never with the bound values.
      const query = { sql: text, name };
      try {
        const result = await connection.query({ ...options, text, values: bind(values) });
        client.emit('query-response', result, query);
        return result.rows as Row[];
      } catch (error) {
        client.emit('query-error', error, query);
        throw error;
      } finally {
        await client.releaseConnection(connection);
      }
    },
  };
}
