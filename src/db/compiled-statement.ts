import type { Knex } from 'knex';
import { builder, runStatement, type PoolClient } from './pool-client';
import { Transaction } from './transaction';

/** Where a statement runs: a connection of the pool, or a transaction (src/db/transaction.ts). */
export type Executor = Knex | Transaction;

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
  /** Runs the statement on a pooled connection or in a transaction and returns its rows. */
  rows<Row>(executor: Executor, values: Values): Promise<Row[]>;
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
    async rows<Row>(executor: Executor, values: Values): Promise<Row[]> {
      if (executor instanceof Transaction) return (await executor.query(text, bind(values), name)).rows as Row[];
      // A knex transaction is a Knex too: refused, since nothing here would know when it ended.
      if (executor.isTransaction) throw new Error(`statement ${name ?? text}: run it in inTransaction, not in a knex transaction`);
      // Straight to pg on a connection of knex's pool: the statement is built already, and
      // knex.raw's run (query object, placeholder rewriting, response processing, events) cost
      // ~65 µs of a ~850 µs GET in the profile. It also keeps knex from writing the bound values
      // (personal data) into error messages.
      const client = executor.client as PoolClient;
      const connection = await client.acquireConnection();
      try {
        return (await runStatement(client, connection, text, bind(values), name)).rows as Row[];
      } finally {
        await client.releaseConnection(connection);
      }
    },
  };
}
