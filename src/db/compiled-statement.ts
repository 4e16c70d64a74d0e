import knex, { type Knex } from 'knex';
import type pg from 'pg';

/** Builds PostgreSQL SQL only (no connection): what statements are compiled with. */
const builder = knex({ client: 'pg' });

/** The part of knex's (untyped) client used here: its pool, or a transaction's connection. */
interface PoolClient {
  acquireConnection(): Promise<pg.Client>;
  releaseConnection(connection: pg.Client): Promise<void>;
}

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

/**
 * A statement for a hot path, built once by knex's query builder (the SQL knex would send) and
 * then run without building it again, on the pool or on a transaction's connection. Building
 * the 47-column select per call cost ~65 µs of a GET's ~520 µs CPU, and a named statement also
 * saves PostgreSQL's parse and plan (bench profile and runs).
 *
 * For statements of a fixed shape; a query with optional parts compiles one per shape.
 */
export interface CompiledStatement<Values> {
  /** The SQL text as sent, `$n` placeholders. */
  readonly sql: string;
  /** The parameter list for one call, in placeholder order. */
  bind(values: Values): unknown[];
  /** Runs the statement and returns its rows. */
  rows<Row>(executor: Knex | Knex.Transaction, values: Values): Promise<Row[]>;
}

/**
 * `build` gets knex and a `slot(key)` function: put `slot('x')` wherever a value goes, and
 * `values.x` is bound there at run time. Any other binding (a `limit 1`, say) is kept as built.
 *
 * `name` makes it a named prepared statement: PostgreSQL plans it once per connection and may
 * settle on a generic plan, which suits lookups by key. Statements whose best plan depends on
 * the values (a search pattern's selectivity) pass `undefined`: they are parsed and planned
 * for each call, like knex's own, and only the building is saved.
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
  const native = build(builder, slot).toSQL().toNative();
  const parameters = native.bindings.map((binding): ((values: Values) => unknown) => {
    if (binding instanceof Slot) return (values) => values[binding.key];
    const key = typeof binding === 'number' ? integerSlots.get(binding) : undefined;
    return key === undefined ? () => binding : (values) => values[key];
  });
  const bind = (values: Values): unknown[] => parameters.map((parameter) => parameter(values));
  return {
    sql: native.sql,
    bind,
    async rows<Row>(executor: Knex | Knex.Transaction, values: Values): Promise<Row[]> {
      // A transaction's client hands out the transaction's own connection (and keeps it on release).
      const client = executor.client as PoolClient;
      const connection = await client.acquireConnection();
      try {
        const config = name === undefined ? { text: native.sql, values: bind(values) } : { name, text: native.sql, values: bind(values) };
        const result = await connection.query(config);
        return result.rows as Row[];
      } finally {
        await client.releaseConnection(connection);
      }
    },
  };
}
