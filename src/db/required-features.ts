import type { Knex } from 'knex';

/**
 * What the schema needs of the PostgreSQL server beyond the core: the folding of names and
 * cities (`unaccent`), the trigram search index (`pg_trgm`), both contrib extensions, and ICU
 * for German name order (the `german_names` collation). The embedded server has all three; a
 * DATABASE_URL server may not, and the migration would then fail with a bare SQL error.
 */
export const REQUIRED_EXTENSIONS = ['unaccent', 'pg_trgm'] as const;

export class MissingDatabaseFeaturesError extends Error {
  constructor(readonly missing: string[]) {
    super(
      `The PostgreSQL server lacks ${missing.join(' and ')}, which the patient search needs ` +
        '(folding names with unaccent, the trigram index of pg_trgm, German name order with ICU). ' +
        'Install the server\'s contrib extensions (e.g. the postgresql-contrib package) on a server built with ICU, ' +
        'or unset DATABASE_URL to use the embedded PostgreSQL.',
    );
  }
}

/** Throws MissingDatabaseFeaturesError naming every missing feature; `extensions` is for the test. */
export async function assertRequiredFeatures(db: Knex, extensions: readonly string[] = REQUIRED_EXTENSIONS): Promise<void> {
  const { rows } = await db.raw<{ rows: { name: string }[] }>('SELECT name FROM pg_available_extensions WHERE name = ANY(?)', [[...extensions]]);
  const available = new Set(rows.map((row) => row.name));
  const missing = extensions.filter((name) => !available.has(name)).map((name) => `the extension ${name}`);
  const icu = await db.raw<{ rows: { icu: boolean }[] }>("SELECT EXISTS (SELECT 1 FROM pg_collation WHERE collprovider = 'i') AS icu");
  if (!icu.rows[0]?.icu) missing.push('ICU collations');
  if (missing.length > 0) throw new MissingDatabaseFeaturesError(missing);
}
