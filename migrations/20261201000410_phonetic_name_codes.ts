import type { Knex } from 'knex';

/**
 * Phonetic search for German names (issue 16): Kölner Phonetik (Cologne phonetic, H. J. Postel,
 * IBM-Nachrichten 1969), the code German registries and HAPI FHIR use for names. No extension
 * shipped with PostgreSQL has it (fuzzystrmatch offers soundex, metaphone and Daitch-Mokotoff,
 * all tuned to English or Yiddish names), so it is written here as SQL functions, one step each:
 *
 * - `patient_phonetic_digits(t)`: the letters of `patient_fold(t)` (umlauts to their vowel, ß to
 *   ss, other diacritics dropped; anything but a-z skipped), each coded by itself and its
 *   neighbours: vowels, j, y 0; b 1, p 1 (3 before h); d, t 2 (8 before c, s, z); f, v, w 3;
 *   g, k, q 4; c 4 or 8 by its neighbours; x 48 (8 after c, k, q); l 5; m, n 6; r 7; s, z 8;
 *   h nothing. Müller-Lüdenscheidt -> 60550750206880022.
 * - `patient_phonetic(t)`: those digits with repeats collapsed, then every 0 dropped but a
 *   leading one. Müller-Lüdenscheidt -> 65752682; Meier, Mayer, Maier, Meyer -> 67.
 * - `patient_phonetic_codes(first, last)`: the codes a name is found by: of each part of either
 *   name (split at anything that is not a letter: double names, several first names) and of
 *   each name whole (a search word may be a double name), without empty codes.
 *
 * The SQL-standard bodies bind the functions they call when created, as patient_fold's does,
 * and are IMMUTABLE, so the stored column and its index may use them. The column is generated
 * like search_text: PostgreSQL keeps it current on every insert and update.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE FUNCTION patient_phonetic_digits(value text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN (
      SELECT coalesce(string_agg(
        CASE
          WHEN c IN ('a', 'e', 'i', 'j', 'o', 'u', 'y') THEN '0'
          WHEN c = 'h' THEN ''
          WHEN c = 'b' THEN '1'
          WHEN c = 'p' THEN CASE WHEN next = 'h' THEN '3' ELSE '1' END
          WHEN c IN ('d', 't') THEN CASE WHEN next IN ('c', 's', 'z') THEN '8' ELSE '2' END
          WHEN c IN ('f', 'v', 'w') THEN '3'
          WHEN c IN ('g', 'k', 'q') THEN '4'
          -- At the start of a word (Anlaut) before a, h, k, l, o, q, r, u, x; elsewhere before
          -- a, h, k, o, q, u, x unless after s or z: a k sound (Clara, Bach); else a s sound (Cäsar, Schmidt).
          WHEN c = 'c' THEN CASE
            WHEN i = 1 THEN CASE WHEN next IN ('a', 'h', 'k', 'l', 'o', 'q', 'r', 'u', 'x') THEN '4' ELSE '8' END
            WHEN next IN ('a', 'h', 'k', 'o', 'q', 'u', 'x') AND previous NOT IN ('s', 'z') THEN '4'
            ELSE '8' END
          WHEN c = 'x' THEN CASE WHEN previous IN ('c', 'k', 'q') THEN '8' ELSE '48' END
          WHEN c = 'l' THEN '5'
          WHEN c IN ('m', 'n') THEN '6'
          WHEN c = 'r' THEN '7'
          WHEN c IN ('s', 'z') THEN '8'
        END, '' ORDER BY i), '')
      FROM (SELECT regexp_replace(patient_fold(value), '[^a-z]+', '', 'g') AS letters) AS word,
        generate_series(1, length(word.letters)) AS i,
        LATERAL (SELECT substr(word.letters, i, 1) AS c, substr(word.letters, i - 1, 1) AS previous, substr(word.letters, i + 1, 1) AS next) AS around
    )`);
  await knex.raw(`CREATE FUNCTION patient_phonetic(value text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN (
      SELECT left(collapsed.digits, 1) || replace(substr(collapsed.digits, 2), '0', '')
      FROM (SELECT regexp_replace(patient_phonetic_digits(value), '(.)\\1+', '\\1', 'g') AS digits) AS collapsed
    )`);
  await knex.raw(`CREATE FUNCTION patient_phonetic_codes(first_name text, last_name text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN (
      SELECT coalesce(array_agg(DISTINCT code ORDER BY code), '{}')
      FROM (
        SELECT patient_phonetic(part) AS code FROM unnest(ARRAY[first_name, last_name]) AS name, regexp_split_to_table(patient_fold(name), '[^a-z]+') AS part
        UNION ALL SELECT patient_phonetic(first_name)
        UNION ALL SELECT patient_phonetic(last_name)
      ) AS codes
      WHERE code <> ''
    )`);
  await knex.raw(`ALTER TABLE patients ADD COLUMN phonetic_codes text[] NOT NULL GENERATED ALWAYS AS (
      patient_phonetic_codes(first_name, last_name)
    ) STORED`);
  // A phonetic search asks for rows whose codes contain every word's code (@>).
  await knex.raw('CREATE INDEX patients_phonetic_codes ON patients USING gin (phonetic_codes)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE patients DROP COLUMN phonetic_codes');
  await knex.raw('DROP FUNCTION patient_phonetic_codes(text, text), patient_phonetic(text), patient_phonetic_digits(text)');
}
