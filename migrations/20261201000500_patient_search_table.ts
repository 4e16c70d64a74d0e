import type { Knex } from 'knex';

/**
 * A narrow copy of what a search reads (issue 16): `patient_search` holds, per patient, only
 * the folded search text, the status and the sort keys, and carries the trigram index that was
 * on `patients.search_text`.
 *
 * Why: a trigram index only names candidate rows; each is rechecked against its row. On the
 * patients table a row is ~600 bytes, so at 1,000,000 patients the ~5,000 candidates of a
 * common two-word search ("anna schm") are ~5,000 different pages of a 610 MB heap: measured
 * 46-63 ms for that search, most of it the recheck. The same candidates in this table (131 MB)
 * took 22 ms.
 *
 * Besides the trigram index over all patients (for a search in any status or in many), one
 * partial trigram index per status: a search in one to three statuses (list-query.ts) reads each
 * status's matches from its own index and adds them up, so it never intersects the posting lists
 * of the other statuses' rows and needs no status filter on the rows it finds. Measured at
 * 1,000,000 patients, "anna schm" in two statuses: 36-39 ms with the one index, 20-25 ms with
 * one per status; without a status filter the six selects cost more than the one index (planning
 * alone 3-8 ms). A status added to patient_status needs its index here too
 * (test/patients/search-table.test.ts checks that every status has one).
 *
 * Kept by the database, not by the service: an AFTER trigger on patients copies every insert
 * and update (in the writing transaction, so a search never sees a state a read would not), and
 * the foreign key deletes the copy with the patient (erasure included). Only the primary key and
 * the trigram indexes are on this table: an update that leaves the names and the email alone
 * (most of them) is a heap-only update of it and touches neither index.
 */
/** patient_status's values (migration 20261127000000), each with its trigram index. */
const STATUSES = ['open', 'searching', 'in_therapy', 'therapy_completed', 'search_aborted', 'therapy_aborted'] as const;

export async function up(knex: Knex): Promise<void> {
  // Writes wait until the copy and its trigger are committed (reads go on): a patient written
  // between the copy and the trigger would otherwise be missing from the search.
  await knex.raw('LOCK TABLE patients IN SHARE ROW EXCLUSIVE MODE');
  await knex.raw(`CREATE TABLE patient_search (
      id uuid PRIMARY KEY REFERENCES patients (id) ON DELETE CASCADE ON UPDATE CASCADE,
      status patient_status NOT NULL,
      search_text text NOT NULL,
      last_name text NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      search_started_on date
    ) WITH (fillfactor = 90)`);
  await knex.raw(`CREATE FUNCTION patient_search_copy() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        INSERT INTO patient_search (id, status, search_text, last_name, created_at, updated_at, search_started_on)
        VALUES (NEW.id, NEW.status, NEW.search_text, NEW.last_name, NEW.created_at, NEW.updated_at, NEW.search_started_on);
      ELSE
        UPDATE patient_search
           SET status = NEW.status, search_text = NEW.search_text, last_name = NEW.last_name,
               created_at = NEW.created_at, updated_at = NEW.updated_at, search_started_on = NEW.search_started_on
         WHERE id = NEW.id;
      END IF;
      RETURN NULL;
    END $$`);
  await knex.raw(`INSERT INTO patient_search (id, status, search_text, last_name, created_at, updated_at, search_started_on)
    SELECT id, status, search_text, last_name, created_at, updated_at, search_started_on FROM patients`);
  await knex.raw('CREATE TRIGGER patients_search_copy AFTER INSERT OR UPDATE ON patients FOR EACH ROW EXECUTE FUNCTION patient_search_copy()');
  await knex.raw('CREATE INDEX patient_search_text_trgm ON patient_search USING gin (search_text gin_trgm_ops)');
  for (const status of STATUSES) {
    await knex.raw(`CREATE INDEX patient_search_trgm_${status} ON patient_search USING gin (search_text gin_trgm_ops) WHERE status = '${status}'`);
  }
  await knex.raw('DROP INDEX patients_search_text_trgm');
  await knex.raw('ANALYZE patient_search');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX patients_search_text_trgm ON patients USING gin (search_text gin_trgm_ops)');
  await knex.raw('DROP TRIGGER patients_search_copy ON patients');
  await knex.raw('DROP FUNCTION patient_search_copy()');
  await knex.raw('DROP TABLE patient_search');
}
