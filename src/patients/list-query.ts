import type { Knex } from 'knex';
import { auditPageInsert } from '../audit/audit-statements';
import { compileStatement, type CompiledStatement, type SlotMaker } from '../db/compiled-statement';
import { InvalidInputError, OffsetTooLargeError } from '../errors';
import { PATIENT_SELECTION } from './columns';
import type { ListPatientsQuery, Patient } from './api-types';
import { queryFingerprint, type Cursor, type ListCursors } from './list-cursor';
import { PATIENTS_TABLE, SEARCH_TABLE } from './statements';

/**
 * The list: its statements (built by knex once per shape of query) and how a page is read with
 * them. The folding of search words and cities is the database's (patient_fold*, migration
 * 20261201000300): the statement folds what the caller sent with the same functions that built
 * the stored search column, so there is one folding rule; so does the phonetic code of
 * `phonetic=true` (patient_phonetic, migration 20261201000410). Pages are keyset pages on
 * `(sort key, id)`; `offset` still works, up to MAX_OFFSET.
 */

/** A list query after the contract's defaults have been applied. */
export type ListQuery = ListPatientsQuery & Required<Pick<ListPatientsQuery, 'limit' | 'offset' | 'sort' | 'total' | 'phonetic'>>;

type SortKey = ListQuery['sort'];
/** The sort fields of openapi.yaml's `sort` enum, without the `-` of descending order. */
type Ascending<K> = K extends `-${infer Field}` ? Field : K;
type SortField = Ascending<SortKey>;

/** Deepest `offset` served (as Medplum caps `_offset`); deeper pages go by cursor. */
export const MAX_OFFSET = 10_000;
/** LIST_EXACT_TOTAL_LIMIT's default: up to this many matches a total is counted exactly. */
export const LIST_EXACT_TOTAL_LIMIT = 10_000;
/** Most words of a search (each is one trigram condition). */
export const MAX_SEARCH_WORDS = 5;

interface SortColumn {
  /** The key in ascending and in descending order: never null, so `(key, id)` compares on an index. */
  asc: string;
  desc: string;
  /** Its SQL type, to bind a cursor's key back. */
  type: string;
}

// Total over the contract's sort enum: a new sort key in openapi.yaml fails to compile until it has a column here.
const SORT_COLUMNS = {
  createdAt: { asc: 'created_at', desc: 'created_at', type: 'timestamptz' },
  updatedAt: { asc: 'updated_at', desc: 'updated_at', type: 'timestamptz' },
  // German order (DIN 5007-1): the index patients_last_name_german_id has the same expression.
  lastName: { asc: 'last_name COLLATE german_names', desc: 'last_name COLLATE german_names', type: 'text' },
  // Empty dates last in both directions.
  searchStartedOn: { asc: "coalesce(search_started_on, 'infinity'::date)", desc: "coalesce(search_started_on, '-infinity'::date)", type: 'date' },
} as const satisfies Record<SortField, SortColumn>;

/** Which parts a list statement has: one compiled statement set per shape. */
interface Shape {
  statuses: number;
  gender: boolean;
  postalCode: boolean;
  city: boolean;
  dateOfBirth: boolean;
  insuranceNumber: boolean;
  createdAfter: boolean;
  updatedAfter: boolean;
  words: number;
  /** The words compared with the name parts by their Kölner Phonetik codes, not as substrings. */
  phonetic: boolean;
  sort: SortKey;
  offset: boolean;
  /** A cursor: the page starts after its key. */
  after: boolean;
  /** Reading towards the start (a `prev` cursor): the order is reversed, then the rows. */
  backward: boolean;
}

export interface ListStatements {
  page: CompiledStatement<Record<string, unknown>>;
  /** Every match counted. */
  count: CompiledStatement<Record<string, unknown>>;
  /** Matches counted up to `countLimit` rows (the cheap exact total). */
  cappedCount: CompiledStatement<Record<string, unknown>>;
  /** EXPLAIN (FORMAT JSON) of the matches: the planner's estimate of their number. */
  estimate: CompiledStatement<Record<string, unknown>>;
  /** Search shapes: the page's rows carry the total of the matches (materialized anyway). */
  totalInPage: boolean;
}

/** Columns a page's rows carry besides the patient, removed before they are returned. */
export const TOTAL_COLUMN = '__total';
const SORT_KEY_COLUMN = '__sort_key';
const SORT_VALUE_COLUMN = '__sort_value';

/** Escapes LIKE wildcards so a search word matches literally. */
function escapeLike(word: string): string {
  return word.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The words of a search: split on white space, duplicates dropped. */
export function searchWords(search: string | undefined): string[] {
  if (search === undefined) return [];
  const words = [...new Set(search.split(/\s+/u).filter(Boolean))];
  if (words.length === 0) throw new InvalidInputError([{ field: 'query.search', message: 'must contain a word' }]);
  if (words.length > MAX_SEARCH_WORDS) throw new InvalidInputError([{ field: 'query.search', message: `may have at most ${MAX_SEARCH_WORDS} words` }]);
  return words;
}

function sortOf(sort: SortKey): { column: SortColumn; descending: boolean } {
  const descending = sort.startsWith('-');
  const field = (descending ? sort.slice(1) : sort) as SortField;
  const column: SortColumn = SORT_COLUMNS[field];
  return { column, descending };
}

/** Whether a shape's matches are found in SEARCH_TABLE (a substring search) rather than in the patients table. */
function readsSearchTable(shape: Shape): boolean {
  return shape.words > 0 && !shape.phonetic;
}

/** Whether a shape filters on columns only the patients table has. */
function hasPatientOnlyFilters(shape: Shape): boolean {
  return shape.gender || shape.postalCode || shape.city || shape.dateOfBirth || shape.insuranceNumber;
}

/** The conditions on columns only the patients table has. */
function wherePatientOnly(where: Knex.QueryBuilder, slot: SlotMaker<string>, shape: Shape): void {
  const value = (key: string) => slot(key) as unknown as Knex.Value;
  if (shape.gender) where.where('preferred_therapist_gender', slot('gender'));
  if (shape.postalCode) where.where('postal_code', slot('postalCode'));
  // Equal in either folded form: koeln, koln and Köln find Köln (two expression indexes).
  if (shape.city) where.whereRaw('(patient_fold_spelled(city) = patient_fold_spelled(?) or patient_fold(city) = patient_fold(?))', [value('city'), value('city')]);
  if (shape.dateOfBirth) where.where('date_of_birth', slot('dateOfBirth'));
  if (shape.insuranceNumber) where.where('insurance_number', slot('insuranceNumber'));
}

/**
 * Up to this many statuses a search reads each from its own index; more, or none, read the
 * index over all patients (six selects cost more than one: planning alone 3-8 ms at 1,000,000).
 */
const MAX_STATUSES_READ_ONE_BY_ONE = 3;

type Column = string | Knex.Raw;

/**
 * The `columns` of the rows matching a shape. A substring search reads SEARCH_TABLE (migration
 * 20261201000500: the same status, search text and sort keys in a table a fifth of the size),
 * for one to three statuses one status at a time (`union all` of one select per status, each
 * planned with its status and so with its own partial trigram index), and reaches into the
 * patients table only for filters on columns it has not; every other shape reads the patients
 * table.
 */
function matching(sql: Knex, slot: SlotMaker<string>, shape: Shape, columns: Column[]): Knex.QueryBuilder {
  const value = (key: string) => slot(key) as unknown as Knex.Value;
  const statusSlots = Array.from({ length: shape.statuses }, (_, i) => slot(`status${i}`));
  const whereStatuses = (where: Knex.QueryBuilder): void => {
    // With words their index finds few rows; compared as text, the status stays a filter on
    // them (measured at 1,000,000 patients: PostgreSQL otherwise ANDs in a bitmap of the status
    // index, half a million entries, which costs more than the whole search).
    if (shape.statuses > 0 && shape.words > 0) where.whereRaw(`status::text in (${statusSlots.map(() => '?').join(', ')})`, statusSlots as unknown as Knex.Value[]);
    else if (shape.statuses > 0) where.whereIn('status', statusSlots);
  };
  const otherConditions = (where: Knex.QueryBuilder): void => {
    if (shape.createdAfter) where.where('created_at', '>', slot('createdAfter'));
    if (shape.updatedAfter) where.where('updated_at', '>', slot('updatedAfter'));
  };
  if (!readsSearchTable(shape)) {
    return sql(PATIENTS_TABLE)
      .select(columns)
      .where((where) => {
        whereStatuses(where);
        otherConditions(where);
        wherePatientOnly(where, slot, shape);
        if (shape.phonetic && shape.words > 0) {
          // Phonetic: the codes of the name parts (migration 20261201000410) hold the code of
          // every part of every word, one lookup in their GIN index. Words without a letter have
          // no code; a search with no code at all matches nobody (rather than everybody, as
          // `@> '{}'` would).
          where.whereRaw('(phonetic_codes @> patient_phonetic_codes(?) and cardinality(patient_phonetic_codes(?)) > 0)', [value('phoneticWords'), value('phoneticWords')]);
        }
      });
  }
  const searchConditions = (where: Knex.QueryBuilder): void => {
    otherConditions(where);
    if (hasPatientOnlyFilters(shape)) {
      where.whereExists(
        sql(PATIENTS_TABLE)
          .select(sql.raw('1'))
          .whereRaw(`${PATIENTS_TABLE}.id = ${SEARCH_TABLE}.id`)
          .where((inner) => wherePatientOnly(inner, slot, shape)),
      );
    }
    // Every word a substring of search_text in one of its folded forms. PostgreSQL plans each
    // call with its values (unnamed statement), folds the immutable functions of constants, and
    // drops the second arm when both forms are equal (a word without umlauts).
    for (let i = 0; i < shape.words; i++) {
      where.whereRaw(`(search_text like '%' || patient_fold_spelled(?) || '%' or search_text like '%' || patient_fold(?) || '%')`, [value(`word${i}`), value(`word${i}`)]);
    }
  };
  if (shape.statuses === 0 || shape.statuses > MAX_STATUSES_READ_ONE_BY_ONE) {
    return sql(SEARCH_TABLE)
      .select(columns)
      .where((where) => {
        whereStatuses(where);
        searchConditions(where);
      });
  }
  const [first, ...rest] = statusSlots.map((status) => sql(SEARCH_TABLE).select(columns).where('status', status).where(searchConditions));
  return rest.length > 0 ? first!.unionAll(rest) : first!;
}

function compile(shape: Shape): ListStatements {
  const { column, descending } = sortOf(shape.sort);
  const key = descending ? column.desc : column.asc;
  // The order the rows are read in: the sort's, reversed when paging backwards.
  const readDescending = descending !== shape.backward;
  const direction = readDescending ? 'desc' : 'asc';
  const keyset = (query: Knex.QueryBuilder, keyExpression: string, slot: SlotMaker<string>): Knex.QueryBuilder =>
    shape.after
      ? query.whereRaw(`(${keyExpression}, id) ${readDescending ? '<' : '>'} (?::${column.type}, ?::uuid)`, [slot('afterKey') as unknown as Knex.Value, slot('afterId') as unknown as Knex.Value])
      : query;
  const paged = (query: Knex.QueryBuilder, keyExpression: string, slot: SlotMaker<string>): Knex.QueryBuilder => {
    keyset(query, keyExpression, slot).orderByRaw(`${keyExpression} ${direction}, id ${direction}`).limit(slot.int('limit'));
    // knex leaves out `offset 0`; so does the first page here.
    return shape.offset ? query.offset(slot.int('offset')) : query;
  };
  const sortKey = (sql: Knex) => sql.raw(`(${key})::text as ${SORT_KEY_COLUMN}`);
  // The key itself (its collation too), to order the page's rows again outside their CTE.
  const sortValue = (sql: Knex) => sql.raw(`${key} as ${SORT_VALUE_COLUMN}`);
  const search = shape.words > 0;
  const pageRows = (sql: Knex, slot: SlotMaker<string>): Knex.QueryBuilder =>
    search
      ? // Matches first (trigram index, fenced in a materialized CTE), then sort only their keys:
        // the planner cannot know a word's matches cluster in the sort order and would walk the
        // sort index instead. The total is counted from the same matches (one heap read).
        sql(PATIENTS_TABLE)
          .withMaterialized('matches', matching(sql, slot, shape, ['id', sql.raw(`${key} as sort_key`)]))
          .select([...PATIENT_SELECTION, sortKey(sql), sortValue(sql), sql('matches').count('*').as(TOTAL_COLUMN)])
          .whereIn('id', paged(sql('matches').select('id'), 'sort_key', slot))
          .orderByRaw(`${key} ${direction}, id ${direction}`)
      : paged(matching(sql, slot, shape, [...PATIENT_SELECTION, sortKey(sql), sortValue(sql)]), key, slot);
  const pageOrder = `${SORT_VALUE_COLUMN} ${direction}, id ${direction}`;
  // Unnamed: a search word's selectivity decides the best plan, so PostgreSQL plans each call.
  // The page's audit rows (one per patient answered: the first `returned` of the rows read) are
  // written by the same statement.
  const page = compileStatement<Record<string, unknown>>(undefined, (sql, slot) =>
    sql
      .with('page', pageRows(sql, slot))
      .with('audit', auditPageInsert(sql, slot, 'page', sql('page').select('id').orderByRaw(pageOrder).limit(slot.int('returned'))))
      .select('*')
      .from('page')
      .orderByRaw(pageOrder),
  );
  // The counts never depend on the cursor, the offset or the order.
  const counted: Shape = { ...shape, after: false, offset: false, backward: false };
  // Around the matches as a subquery: a search's are a union.
  const matches = (sql: Knex, slot: SlotMaker<string>) => matching(sql, slot, counted, [sql.raw('1')]).as('matching');
  const count = compileStatement<Record<string, unknown>>(undefined, (sql, slot) => sql.from(matches(sql, slot)).count({ count: '*' }));
  const cappedCount = compileStatement<Record<string, unknown>>(undefined, (sql, slot) =>
    sql.from(sql.from(matches(sql, slot)).select(sql.raw('1')).limit(slot.int('countLimit')).as('capped')).count({ count: '*' }),
  );
  const estimate = compileStatement<Record<string, unknown>>(undefined, (sql, slot) =>
    // A raw statement around the query builder: knex renders the builder in parentheses, which
    // EXPLAIN takes as a (parenthesized) SELECT.
    sql.raw('explain (format json) ?', [matching(sql, slot, counted, [sql.raw('1')])]) as unknown as Knex.QueryBuilder,
  );
  return { page, count, cappedCount, estimate, totalInPage: search };
}

// Shapes are bounded by the contract (statuses, filters, words, sorts), but many: a full cache
// starts over rather than grow.
const MAX_CACHED_SHAPES = 2_000;
const compiled = new Map<string, ListStatements>();

function statementsFor(shape: Shape): ListStatements {
  const key = JSON.stringify(shape);
  let statements = compiled.get(key);
  if (!statements) {
    if (compiled.size >= MAX_CACHED_SHAPES) compiled.clear();
    statements = compile(shape);
    compiled.set(key, statements);
  }
  return statements;
}

/** Everything that selects and orders the rows: what a cursor is bound to. */
function fingerprintOf(query: ListQuery, words: string[]): string {
  const parts: unknown[] = [
    [...(query.status ?? [])].sort(),
    query.preferredTherapistGender ?? null,
    query.postalCode ?? null,
    query.city ?? null,
    words,
    query.dateOfBirth ?? null,
    query.insuranceNumber ?? null,
    query.createdAfter ?? null,
    query.updatedAfter ?? null,
    query.sort,
  ];
  // Appended only when set, so the cursors of a query without it stay what they were.
  if (query.phonetic) parts.push('phonetic');
  return queryFingerprint(parts);
}

/** A list request, checked: the statements and values of its page, and the cursor it came with. */
export interface PreparedList {
  statements: ListStatements;
  values: Record<string, unknown>;
  cursor: Cursor | undefined;
  fingerprint: string;
}

/**
 * The statements for `query` and the values to bind to them (the page reads `limit + 1` rows, to
 * know whether another page follows), its cursor opened by `cursors`. Throws InvalidInputError
 * for a bad cursor or search, and OffsetTooLargeError past MAX_OFFSET.
 */
export async function prepareList(query: ListQuery, exactTotalLimit: number, cursors: ListCursors): Promise<PreparedList> {
  if (query.offset > MAX_OFFSET) throw new OffsetTooLargeError(MAX_OFFSET);
  if (query.cursor !== undefined && query.offset > 0) throw new InvalidInputError([{ field: 'query.offset', message: 'cannot be combined with cursor: a cursor says where the page starts' }]);
  const words = searchWords(query.search);
  const { phonetic } = query;
  if (phonetic && words.length === 0) throw new InvalidInputError([{ field: 'query.phonetic', message: 'needs a search: it compares the words of search by how they sound' }]);
  const fingerprint = fingerprintOf(query, words);
  // Each status once (the contract has uniqueItems; kept here too): a search reads each
  // status's matches on their own and adds them up.
  const statuses = [...new Set(query.status ?? [])];
  const cursor = query.cursor === undefined ? undefined : await cursors.open(query.cursor, fingerprint);
  const shape: Shape = {
    statuses: statuses.length,
    gender: query.preferredTherapistGender !== undefined,
    postalCode: query.postalCode !== undefined,
    city: query.city !== undefined,
    dateOfBirth: query.dateOfBirth !== undefined,
    insuranceNumber: query.insuranceNumber !== undefined,
    createdAfter: query.createdAfter !== undefined,
    updatedAfter: query.updatedAfter !== undefined,
    words: words.length,
    phonetic,
    sort: query.sort,
    offset: query.offset > 0,
    after: cursor !== undefined,
    backward: cursor?.direction === 'prev',
  };
  const values: Record<string, unknown> = {
    gender: query.preferredTherapistGender,
    postalCode: query.postalCode,
    city: query.city,
    dateOfBirth: query.dateOfBirth,
    insuranceNumber: query.insuranceNumber,
    createdAfter: query.createdAfter,
    updatedAfter: query.updatedAfter,
    afterKey: cursor?.key,
    afterId: cursor?.id,
    limit: query.limit + 1,
    returned: query.limit,
    offset: query.offset,
    countLimit: exactTotalLimit + 1,
  };
  statuses.forEach((status, i) => {
    values[`status${i}`] = status;
  });
  if (phonetic) values.phoneticWords = words.join(' ');
  else {
    words.forEach((word, i) => {
      values[`word${i}`] = escapeLike(word);
    });
  }
  return { statements: statementsFor(shape), values, cursor, fingerprint };
}

/** Runs a statement and returns its rows: knex for the service, plain pg for the bench baseline. */
export type RunStatement = <Row>(statement: CompiledStatement<Record<string, unknown>>, values: Record<string, unknown>) => Promise<Row[]>;

/** One page of the list, as the contract's PatientPage carries it (without limit and offset). */
export interface ListPage {
  rows: Patient[];
  total: number;
  totalEstimated: boolean;
  next?: string;
  prev?: string;
}

type PageRow = Patient & { [TOTAL_COLUMN]?: number | string; [SORT_KEY_COLUMN]?: string; [SORT_VALUE_COLUMN]?: unknown };

/**
 * The patient of a page row: a new object without the list's own columns. Not `delete`: a row
 * from pg has a cloned map, and deleting any property turns it into a dictionary-mode object,
 * slower to serialise, whose property dictionary V8 then promotes to the old generation (most of
 * a status list's promoted bytes: a full GC about once a second at ~100 lists/s; README,
 * Performance).
 */
function patientOf(row: PageRow): Patient {
  const { [TOTAL_COLUMN]: total, [SORT_KEY_COLUMN]: sortKey, [SORT_VALUE_COLUMN]: sortValue, ...patient } = row;
  return patient;
}

/**
 * Above this many times LIST_EXACT_TOTAL_LIMIT in the planner's estimate the matches are not
 * counted: an exact total is out of reach anyway, and counting up to the limit is the most
 * expensive statement of a large list (10,001 index entries at 1,000,000 patients, on every page).
 */
export const ESTIMATE_WITHOUT_COUNT_FACTOR = 2;

/** The total as `query.total` asks for it, for shapes that do not carry it in their rows. */
async function totalBeside(run: RunStatement, query: ListQuery, list: PreparedList, exactTotalLimit: number): Promise<Pick<ListPage, 'total' | 'totalEstimated'>> {
  const { statements, values } = list;
  const count = async (statement: CompiledStatement<Record<string, unknown>>): Promise<number> => Number((await run<{ count: number }>(statement, values))[0]?.count ?? 0);
  if (query.total === 'accurate') return { total: await count(statements.count), totalEstimated: false };
  const estimate = async (): Promise<number> => {
    const [plan] = await run<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(statements.estimate, values);
    return Math.round(plan?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? 0);
  };
  // The planner first (as Medplum's `_total=estimate`): when it expects far more matches than
  // the limit, that is the answer. (With a limit of 0 only whether there is a match is counted.)
  const expected = exactTotalLimit > 0 ? await estimate() : undefined;
  if (expected !== undefined && expected > ESTIMATE_WITHOUT_COUNT_FACTOR * exactTotalLimit) return { total: expected, totalEstimated: true };
  const capped = await count(statements.cappedCount);
  if (capped <= exactTotalLimit) return { total: capped, totalEstimated: false };
  // More than the limit were counted: an estimate below it would be known to be wrong.
  return { total: Math.max(expected ?? (await estimate()), exactTotalLimit + 1), totalEstimated: true };
}

/**
 * Reads one page of the list. `run` sends the statements (two may run at once: the page and,
 * without a search, its total beside it on another connection); `cursors` opens the request's
 * cursor and seals the page's; `audit` are the slot values of the page's audit rows
 * (searchAuditValues), written by the page's statement.
 */
export async function readListPage(run: RunStatement, query: ListQuery, exactTotalLimit: number, cursors: ListCursors, audit: Record<string, unknown>): Promise<ListPage> {
  const list = await prepareList(query, exactTotalLimit, cursors);
  const { statements, values, cursor, fingerprint } = list;
  const besidePage = statements.totalInPage ? undefined : totalBeside(run, query, list, exactTotalLimit);
  // Not left unhandled while the page is read: awaited below.
  besidePage?.catch(() => undefined);
  const fetched = await run<PageRow>(statements.page, { ...values, ...audit });
  const more = fetched.length > query.limit;
  const rows = fetched.slice(0, query.limit);
  if (cursor?.direction === 'prev') rows.reverse();

  let totals: Pick<ListPage, 'total' | 'totalEstimated'>;
  if (besidePage) totals = await besidePage;
  else {
    const inPage = fetched[0]?.[TOTAL_COLUMN];
    // No row to carry the total: no match at all, or a page past an end (then count).
    const total = inPage !== undefined ? Number(inPage) : cursor === undefined && query.offset === 0 ? 0 : Number((await run<{ count: number }>(statements.count, values))[0]?.count ?? 0);
    totals = { total, totalEstimated: false };
  }

  const cursorAt = (row: PageRow | undefined, direction: Cursor['direction']): Promise<string | undefined> | undefined =>
    row?.[SORT_KEY_COLUMN] === undefined ? undefined : cursors.seal(fingerprint, { direction, key: row[SORT_KEY_COLUMN], id: row.id });
  const backward = cursor?.direction === 'prev';
  const first = rows[0];
  const last = rows[rows.length - 1];
  // Forward: more rows follow when one more was read; earlier rows exist when the page did not start at the beginning.
  // Backward: the reverse; a page read backwards always has a page after it.
  const [next, prev] = await Promise.all([
    backward || more ? cursorAt(last, 'next') : undefined,
    backward ? (more ? cursorAt(first, 'prev') : undefined) : cursor !== undefined || query.offset > 0 ? cursorAt(first, 'prev') : undefined,
  ]);
  return { rows: rows.map(patientOf), ...totals, ...(next !== undefined && { next }), ...(prev !== undefined && { prev }) };
}
