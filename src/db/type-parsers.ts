import pg from 'pg';

/**
 * What the driver hands over for dates and instants. The API speaks ISO strings for them (that
 * is what the generated types say), so they stay strings instead of JS Date objects:
 * `date` stays `YYYY-MM-DD`, `timestamptz` becomes an ISO 8601 UTC instant with milliseconds,
 * `int8` a number. The service installs them (src/db/knex.ts) and so does the bench baseline.
 */
export function installTypeParsers(): void {
  pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
  pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, isoInstant);
  pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
}

/** PostgreSQL's text output of a timestamptz in a UTC session: `2026-12-01 20:13:01.123456+00`. */
const UTC_OUTPUT = /^([1-9]\d{3}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?\+00$/;

/**
 * A timestamptz as `new Date(value).toISOString()` gives it (fractions beyond milliseconds
 * dropped, not rounded), without the Date: for years 1000-9999 in a UTC session that is a
 * rearrangement of the text. Every other form (another session time zone, years before 1000,
 * which V8's date parser reads its own way, 0044 as 2044, or after 9999, BC, infinity) goes
 * through Date as before, so every value comes out as it did. The shortcut needs a UTC session:
 * the service's connections ask for one (src/db/knex.ts), whatever the server's TimeZone.
 * Measured: README, Performance.
 */
export function isoInstant(value: string): string {
  const utc = UTC_OUTPUT.exec(value);
  if (utc === null) return new Date(value).toISOString();
  const fraction = utc[3] === undefined ? '000' : utc[3].length >= 3 ? utc[3].slice(0, 3) : utc[3].padEnd(3, '0');
  return `${utc[1]}T${utc[2]}.${fraction}Z`;
}

/**
 * The session settings every connection asks for at connect (pg's `options`): UTC and ISO dates,
 * whatever the server's or the role's (a server set to Europe/Berlin, say), so instants come as
 * `...+00` text, which isoInstant rearranges without a Date, and dates as `YYYY-MM-DD`, which stay
 * as they are. Dates of the business (today in Germany) are computed by src/german-date.ts, not by
 * the session; what the session's zone still touches is harmless: the audit retention's
 * `now() - interval` counts days in UTC, and a list cursor's key text carries its offset (a cursor
 * sealed by a session in another zone opens the same). Given here, they replace PGOPTIONS (pg reads
 * it only without `options`); an `options` in DATABASE_URL replaces them (README, Configuration).
 */
export const SESSION_OPTIONS = '-c TimeZone=UTC -c DateStyle=ISO';
