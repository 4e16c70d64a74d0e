import type { Knex } from 'knex';

/**
 * German-aware search, sort and duplicate detection (issue 16).
 *
 * The folding rule lives here and only here, as SQL functions that the generated search column,
 * the expression indexes and every list and duplicate query call (src/patients/list-query.ts,
 * src/patients/duplicates.ts fold the user's input with the same functions, in the statement):
 * - `patient_fold(t)`: lower case, diacritics dropped by `unaccent` (Müller -> muller,
 *   José -> jose, ß -> ss, Łukasz -> lukasz);
 * - `patient_fold_spelled(t)`: the same after spelling the umlauts out (Müller -> mueller,
 *   Özdemir -> oezdemir), the German way of writing them without the dots.
 * A name is searchable in both forms, so `mueller`, `muller` and `Müller` all find Müller.
 * They are declared IMMUTABLE (unaccent itself is only STABLE, as its rules file could change)
 * so that generated columns and indexes may use them; the SQL-standard body binds `unaccent`
 * and its dictionary when the function is created, whatever the search_path later.
 *
 * Name order is German (ICU `de-DE`, DIN 5007-1: Mueller < Müller < Mustermann, Özdemir among
 * the O). Every sort key is non-null (empty search start dates sort as +/- infinity, i.e. last
 * in both directions), so keyset paging compares `(key, id)` with a row comparison on an index.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS unaccent');
  await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  await knex.raw(`CREATE COLLATION IF NOT EXISTS german_names (provider = icu, locale = 'de-DE')`);

  await knex.raw(`CREATE FUNCTION patient_fold(value text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN lower(unaccent('unaccent'::regdictionary, value))`);
  await knex.raw(`CREATE FUNCTION patient_fold_spelled(value text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN patient_fold(replace(replace(replace(replace(replace(replace(value,
      'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'))`);
  // Both forms of a text, space-separated: a search word (never containing a space) is a
  // substring of one of them exactly when it matches that form.
  await knex.raw(`CREATE FUNCTION patient_search_forms(value text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN patient_fold_spelled(value) || ' ' || patient_fold(value)`);

  // Stored: the folded names are computed once per write, not for every candidate row of a
  // search (the trigram index needs a recheck against the row).
  await knex.raw(`ALTER TABLE patients ADD COLUMN search_text text NOT NULL GENERATED ALWAYS AS (
      patient_search_forms(first_name) || ' ' || patient_search_forms(last_name) || ' ' || coalesce(patient_search_forms(email), '')
    ) STORED`);
  await knex.raw('CREATE INDEX patients_search_text_trgm ON patients USING gin (search_text gin_trgm_ops)');
  // The search no longer reads these.
  await knex.raw('DROP INDEX patients_first_name_trgm, patients_last_name_trgm, patients_email_trgm');

  // city: equal in either form (koeln, koln, Köln, KÖLN all find Köln).
  await knex.raw('DROP INDEX patients_city_lower');
  await knex.raw('CREATE INDEX patients_city_spelled ON patients (patient_fold_spelled(city))');
  await knex.raw('CREATE INDEX patients_city_folded ON patients (patient_fold(city))');

  // Sorts, as the keyset compares them: (key, id).
  await knex.raw('DROP INDEX patients_last_name_id, patients_search_started_on_id, patients_search_started_on_desc_id');
  await knex.raw('CREATE INDEX patients_last_name_german_id ON patients ((last_name COLLATE german_names), id)');
  await knex.raw(`CREATE INDEX patients_search_started_on_asc_id ON patients ((coalesce(search_started_on, 'infinity'::date)), id)`);
  await knex.raw(`CREATE INDEX patients_search_started_on_desc_id ON patients ((coalesce(search_started_on, '-infinity'::date)), id)`);
  await knex.raw('CREATE INDEX patients_updated_at_id ON patients (updated_at, id)');

  // Exact filters, also what duplicate detection looks up.
  await knex.raw('CREATE INDEX patients_date_of_birth ON patients (date_of_birth)');
  await knex.raw('CREATE INDEX patients_insurance_number ON patients (insurance_number)');
  await knex.raw('CREATE INDEX patients_email_lower ON patients (lower(email))');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX patients_email_lower, patients_insurance_number, patients_date_of_birth, patients_updated_at_id');
  await knex.raw('DROP INDEX patients_search_started_on_desc_id, patients_search_started_on_asc_id, patients_last_name_german_id');
  await knex.raw('CREATE INDEX patients_last_name_id ON patients (last_name, id)');
  await knex.raw('CREATE INDEX patients_search_started_on_id ON patients (search_started_on, id)');
  await knex.raw('CREATE INDEX patients_search_started_on_desc_id ON patients (search_started_on DESC NULLS LAST, id DESC)');
  await knex.raw('DROP INDEX patients_city_folded, patients_city_spelled');
  await knex.raw('CREATE INDEX patients_city_lower ON patients (lower(city))');
  await knex.raw('ALTER TABLE patients DROP COLUMN search_text');
  await knex.raw('CREATE INDEX patients_first_name_trgm ON patients USING gin (first_name gin_trgm_ops)');
  await knex.raw('CREATE INDEX patients_last_name_trgm ON patients USING gin (last_name gin_trgm_ops)');
  await knex.raw('CREATE INDEX patients_email_trgm ON patients USING gin (email gin_trgm_ops)');
  await knex.raw('DROP FUNCTION patient_search_forms(text), patient_fold_spelled(text), patient_fold(text)');
  await knex.raw('DROP COLLATION german_names');
}
