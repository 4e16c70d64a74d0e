import type { Knex } from 'knex';

/**
 * Phonetic search for German names (issue 16): Kölner Phonetik (Cologne phonetic, H. J. Postel,
 * IBM-Nachrichten 1969), the code German registries and HAPI FHIR use for names. No extension
 * shipped with PostgreSQL has it (fuzzystrmatch offers soundex, metaphone and Daitch-Mokotoff,
 * tuned to English and to Yiddish names), so it is written here, from the published rules:
 *
 * - `patient_phonetic_digits(t)`: the letters of `patient_fold(t)` (umlauts to their vowel, ß to
 *   ss, other diacritics dropped; anything but a-z skipped), each coded by itself and its
 *   neighbours: a, e, i, j, o, u, y 0; b 1, p 1 (3 before h); d, t 2 (8 before c, s, z);
 *   f, v, w 3; g, k, q 4; c 4 or 8 by its neighbours; x 48 (8 after c, k, q); l 5; m, n 6;
 *   r 7; s, z 8; h nothing. Müller-Lüdenscheidt -> 60550750206880022.
 * - `patient_phonetic(t)`: those digits with repeats collapsed, then every 0 dropped but a
 *   leading one. Müller-Lüdenscheidt -> 65752682; Meier, Mayer, Maier, Meyer -> 67.
 * - `patient_phonetic_codes(t)`: the code of each part of a name (split at anything that is
 *   not a letter: double names, several first names), without empty codes:
 *   Müller-Lüdenscheidt -> {657, 52682}. The stored `phonetic_codes` holds those of the first
 *   and the last name; a search asks for every code of its words (`@>`, GIN index).
 *
 * Written as a few string functions (regexp_replace with look-around for the letters whose
 * code depends on a neighbour, then one translate) rather than a loop over the letters: a
 * first version with a subquery over the letters cost ~5 ms a word, this one ~15 µs. The context
 * rules run before the letters around them are replaced, and mark what they decided with a
 * capital (K: a c coded 4, X: an x after c, k, q) that later rules and translate still read.
 * Every part is coded on its own: the parts are separated by one space, which no rule treats
 * as a letter, and "at the start" means at the start of a part.
 *
 * IMMUTABLE like patient_fold (SQL-standard bodies, bound to the functions they call when
 * created), so a generated column and its index may use them; PostgreSQL keeps the column
 * current on every insert and update, as it does search_text.
 */
export async function up(knex: Knex): Promise<void> {
  // (knex.raw reads a bare question mark as a binding: the look-arounds escape theirs.)
  // Letters a-z and single spaces between parts -> a digit for each letter (none for h).
  await knex.raw(`CREATE FUNCTION patient_phonetic_coded(letters text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN replace(translate(
      regexp_replace(regexp_replace(regexp_replace(regexp_replace(
        -- p before h: 3 (the h stays, it has no code of its own).
        replace(letters, 'ph', '3h'),
        -- x after c, k, q: 8.
        '(\\?<=[ckq])x', 'X', 'g'),
        -- c at the start of a part before a, h, k, l, o, q, r, u, x: 4 (Clara, Christ);
        '(\\?<![^ ])c(\\?=[ahkloqruxX])', 'K', 'g'),
        -- elsewhere before a, h, k, o, q, u, x unless after s or z: 4 (Bach, Lucas); any other c is 8 (Cäsar, Schmidt).
        '(\\?<![sz])c(\\?=[ahkoquxX])', 'K', 'g'),
        -- d, t before c, s, z: 8 (Deutsch, Platz); else 2.
        '[dt](\\?=[cszK])', '8', 'g'),
      'aeijouybpfvwgkqlmnrszdtcKXh', '00000001133344456678822848'),
      -- Any other x: 48 (Xaver, Alexander).
      'x', '48')`);
  // Repeated digits collapsed, then every 0 of a part dropped but a leading one.
  await knex.raw(`CREATE FUNCTION patient_phonetic_reduced(digits text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN regexp_replace(regexp_replace(digits, '(.)\\1+', '\\1', 'g'), '([^ ])0', '\\1', 'g')`);
  await knex.raw(`CREATE FUNCTION patient_phonetic_digits(value text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN patient_phonetic_coded(regexp_replace(patient_fold(value), '[^a-z]+', '', 'g'))`);
  await knex.raw(`CREATE FUNCTION patient_phonetic(value text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN patient_phonetic_reduced(patient_phonetic_digits(value))`);
  // Not STRICT (null gives null all the same): array_remove is not strict, and PostgreSQL
  // inlines a STRICT function only into a strict expression. Inlined, the column costs
  // ~25 µs a patient instead of ~60 µs (measured, 5,000 patients).
  await knex.raw(`CREATE FUNCTION patient_phonetic_codes(value text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN array_remove(string_to_array(patient_phonetic_reduced(patient_phonetic_coded(btrim(regexp_replace(patient_fold(value), '[^a-z]+', ' ', 'g')))), ' '), '')`);
  await knex.raw(`ALTER TABLE patients ADD COLUMN phonetic_codes text[] NOT NULL GENERATED ALWAYS AS (
      patient_phonetic_codes(first_name) || patient_phonetic_codes(last_name)
    ) STORED`);
  await knex.raw('CREATE INDEX patients_phonetic_codes ON patients USING gin (phonetic_codes)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE patients DROP COLUMN phonetic_codes');
  await knex.raw('DROP FUNCTION patient_phonetic_codes(text), patient_phonetic(text), patient_phonetic_digits(text), patient_phonetic_reduced(text), patient_phonetic_coded(text)');
}
