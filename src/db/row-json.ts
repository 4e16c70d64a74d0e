import pg from 'pg';
import { isoInstant } from './type-parsers';

/**
 * Rows straight from PostgreSQL's text to JSON text, for responses of many rows (a list page):
 * no row objects, no parsed values, no JSON.stringify walking them. The statement runs with
 * {@link RAW_TEXT} (every value the text PostgreSQL sent, rows as arrays) and
 * {@link rowJsonWriter} turns a row into the JSON object that `JSON.stringify` of the row as the
 * driver's installed parsers (type-parsers.ts) build it would give, byte for byte: the same
 * values, the same field order. Only the fields the caller names are written, so a column the
 * contract does not name never reaches a response.
 */

/** The query options that hand over every value as the text PostgreSQL sent, each row as an array. */
export const RAW_TEXT = {
  rowMode: 'array',
  types: { getTypeParser: () => (value: string) => value },
} as const;

/** A row as {@link RAW_TEXT} hands it over: PostgreSQL's text of each column, or null. */
export type RawRow = (string | null)[];

/** What a column of a result says about itself (pg's field description). */
export interface RawField {
  name: string;
  dataTypeID: number;
}

type Encode = (text: string) => string;

const { builtins } = pg.types;

/** JSON of a value whose installed parser keeps the text as it is (type-parsers.ts; pg-types' default for these). */
const asString: Encode = (text) => JSON.stringify(text);

/**
 * Types whose JSON is written from their text directly. Each gives what JSON.stringify of the
 * installed parser's value gives (test/db/row-json.test.ts checks each against the parser).
 */
const DIRECT: ReadonlyMap<number, Encode> = new Map<number, Encode>([
  [builtins.TEXT, asString],
  [builtins.VARCHAR, asString],
  [builtins.BPCHAR, asString],
  [builtins.UUID, asString],
  [builtins.DATE, asString],
  // PostgreSQL writes integers as JSON does: an optional minus and digits, no leading zeros.
  [builtins.INT2, (text) => text],
  [builtins.INT4, (text) => text],
  [builtins.BOOL, (text) => (text === 't' ? 'true' : 'false')],
  // An ISO instant has nothing JSON escapes.
  [builtins.TIMESTAMPTZ, (text) => `"${isoInstant(text)}"`],
]);

/** Any other type (enums, arrays, jsonb, int8): through the parser the driver would use. */
function encoderOf(dataTypeID: number): Encode {
  const direct = DIRECT.get(dataTypeID);
  if (direct) return direct;
  const parse = pg.types.getTypeParser(dataTypeID, 'text') as (text: string) => unknown;
  return (text) => JSON.stringify(parse(text)) ?? 'null';
}

/** Writes one row as a JSON object. */
export type RowJsonWriter = (row: RawRow) => string;

const MAX_CACHED_WRITERS = 200;
const writers = new Map<string, RowJsonWriter>();

/**
 * The writer for rows of `fields` that writes the fields `include` names, in the result's
 * order; built once per result shape and inclusion (`includeKey` names the inclusion: writers
 * are cached by it and the fields).
 */
export function rowJsonWriter(fields: readonly RawField[], includeKey: string, include: (name: string) => boolean): RowJsonWriter {
  const key = `${includeKey}\u0000${fields.map((field) => `${field.name}:${field.dataTypeID}`).join(',')}`;
  let writer = writers.get(key);
  if (!writer) {
    if (writers.size >= MAX_CACHED_WRITERS) writers.clear();
    writer = buildWriter(fields, include);
    writers.set(key, writer);
  }
  return writer;
}

function buildWriter(fields: readonly RawField[], include: (name: string) => boolean): RowJsonWriter {
  const columns: number[] = [];
  const keys: string[] = [];
  const encoders: Encode[] = [];
  for (const [index, field] of fields.entries()) {
    if (!include(field.name)) continue;
    columns.push(index);
    // `"name":` once, with the comma before every field but the first.
    keys.push(`${columns.length === 1 ? '' : ','}${JSON.stringify(field.name)}:`);
    encoders.push(encoderOf(field.dataTypeID));
  }
  const count = columns.length;
  return (row) => {
    let json = '{';
    for (let i = 0; i < count; i++) {
      const text = row[columns[i]!];
      json += keys[i]! + (text === null || text === undefined ? 'null' : encoders[i]!(text));
    }
    return `${json}}`;
  };
}
