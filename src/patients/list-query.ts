import type { Knex } from 'knex';
import { compileStatement, type CompiledStatement, type SlotMaker } from '../db/compiled-statement';
import { PATIENT_SELECTION } from './columns';
import type { ListPatientsQuery } from './api-types';
import { PATIENTS_TABLE } from './statements';

/** A list query after the contract's defaults have been applied. */
export type ListQuery = ListPatientsQuery & Required<Pick<ListPatientsQuery, 'limit' | 'offset' | 'sort'>>;

type SortKey = ListQuery['sort'];
/** The sort fields of openapi.yaml's `sort` enum, without the `-` of descending order. */
type Ascending<K> = K extends `-${infer Field}` ? Field : K;
type SortField = Ascending<SortKey>;

// Total over the contract's sort enum: a new sort key in openapi.yaml fails to compile until it has a column here.
const SORT_COLUMNS = {
  createdAt: 'created_at',
  lastName: 'last_name',
  searchStartedOn: 'search_started_on',
} as const satisfies Record<SortField, string>;

const NULLABLE_SORT_COLUMNS: ReadonlySet<string> = new Set([SORT_COLUMNS.searchStartedOn]);

/** Which parts a list statement has: one compiled statement pair per shape. */
interface Shape {
  statuses: number;
  gender: boolean;
  postalCode: boolean;
  city: boolean;
  search: boolean;
  sort: SortKey;
  offset: boolean;
}

export interface ListStatements {
  page: CompiledStatement<Record<string, unknown>>;
  count: CompiledStatement<Record<string, unknown>>;
  /**
   * The page's rows carry the total in a `__total` column (search shapes: the matches are
   * materialized anyway, so counting them is free); otherwise the count runs beside the page.
   */
  totalInPage: boolean;
}

/** Name of the column a search page carries its total in. */
export const TOTAL_COLUMN = '__total';

/** Escapes LIKE wildcards so a search term matches literally. */
function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function parseSort(sort: SortKey): { column: string; order: 'asc' | 'desc' } {
  const descending = sort.startsWith('-');
  const key = (descending ? sort.slice(1) : sort) as SortField;
  return { column: SORT_COLUMNS[key], order: descending ? 'desc' : 'asc' };
}

function filtered(sql: Knex, slot: SlotMaker<string>, shape: Shape): Knex.QueryBuilder {
  return sql(PATIENTS_TABLE).where((where) => {
    if (shape.statuses > 0) where.whereIn('status', Array.from({ length: shape.statuses }, (_, i) => slot(`status${i}`)));
    if (shape.gender) where.where('preferred_therapist_gender', slot('gender'));
    if (shape.postalCode) where.where('postal_code', slot('postalCode'));
    if (shape.city) where.whereRaw('lower(city) = lower(?)', [slot('city') as unknown as Knex.Value]);
    if (shape.search) {
      where.where((any) => {
        any.whereILike('first_name', slot('pattern')).orWhereILike('last_name', slot('pattern')).orWhereILike('email', slot('pattern'));
      });
    }
  });
}

function compile(shape: Shape): ListStatements {
  const { column, order } = parseSort(shape.sort);
  const ordering = [
    // Empty dates last in both directions; the other sort columns are never empty, and naming
    // NULLS LAST there would keep PostgreSQL from walking their index backwards.
    { column, order, nulls: NULLABLE_SORT_COLUMNS.has(column) ? ('last' as const) : undefined },
    { column: 'id', order },
  ];
  const paged = (query: Knex.QueryBuilder, slot: SlotMaker<string>): Knex.QueryBuilder => {
    query.orderBy(ordering).limit(slot.int('limit'));
    // knex leaves out `offset 0`; so does the first page here.
    return shape.offset ? query.offset(slot.int('offset')) : query;
  };
  // Unnamed: a search pattern's selectivity decides the best plan, so PostgreSQL plans each call.
  const page = compileStatement<Record<string, unknown>>(undefined, (sql, slot) =>
    shape.search
      ? // Matches first (trigram indexes, fenced in a materialized CTE), then sort only their ids:
        // the planner cannot know a term's matches cluster in the sort order and would walk the
        // sort index instead. The total is counted from the same matches (one heap read).
        sql(PATIENTS_TABLE)
          .withMaterialized('matches', filtered(sql, slot, shape).select('id', column))
          .select([...PATIENT_SELECTION, sql('matches').count('*').as(TOTAL_COLUMN)])
          .whereIn('id', paged(sql('matches').select('id'), slot))
          .orderBy(ordering)
      : paged(filtered(sql, slot, shape).select(PATIENT_SELECTION), slot),
  );
  // Without a search term the count runs beside the page on a second connection (a count(*)
  // OVER () window would make PostgreSQL build every match before stopping at the page); with
  // one, it is needed only for a page past the end.
  const count = compileStatement<Record<string, unknown>>(undefined, (sql, slot) => filtered(sql, slot, shape).count({ count: '*' }));
  return { page, count, totalInPage: shape.search };
}

// At most 6 status counts x 2^5 filter combinations x 6 sorts: bounded, so never evicted.
const compiled = new Map<string, ListStatements>();

/**
 * The page and count statements for `query` (built by knex once per shape of query: building
 * them is a large part of a list's CPU) and the values to bind to them.
 */
export function listStatements(query: ListQuery): { statements: ListStatements; values: Record<string, unknown> } {
  const shape: Shape = {
    statuses: query.status?.length ?? 0,
    gender: Boolean(query.preferredTherapistGender),
    postalCode: Boolean(query.postalCode),
    city: Boolean(query.city),
    search: Boolean(query.search),
    sort: query.sort,
    offset: query.offset > 0,
  };
  const key = JSON.stringify(shape);
  let statements = compiled.get(key);
  if (!statements) {
    statements = compile(shape);
    compiled.set(key, statements);
  }
  const values: Record<string, unknown> = {
    gender: query.preferredTherapistGender,
    postalCode: query.postalCode,
    city: query.city,
    pattern: query.search ? likePattern(query.search) : undefined,
    limit: query.limit,
    offset: query.offset,
  };
  query.status?.forEach((status, i) => {
    values[`status${i}`] = status;
  });
  return { statements, values };
}
