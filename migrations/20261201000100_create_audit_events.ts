import type { Knex } from 'knex';

/**
 * The access audit (GDPR Art. 5(2), BDSG § 22(2) no. 2): one row per access to a patient record,
 * modelled on FHIR AuditEvent as IHE's Basic Audit Log Patterns (BALP) profile it (PatientRead,
 * PatientQuery, PatientCreate/Update/Delete). Ids, codes and the caller's token ids only: no
 * name, no search text, no health data. `patient_id` has no foreign key: the trail of a patient
 * outlives the patient's deletion (that is when it is asked for).
 *
 * Append-only in the database itself: a statement trigger refuses every UPDATE, DELETE and
 * TRUNCATE, for every role (owners and superusers too, whom privileges would not stop), unless
 * it runs inside purge_audit_events(), the retention job's function, whose `SET` clause turns
 * the marker setting on for its own duration only.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE audit_events (
      -- Insertion order: the API's event id and its pagination cursor.
      position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      -- FHIR AuditEvent.action: Create, Read, Update, Delete, Execute (a search).
      action char(1) NOT NULL CHECK (action IN ('C', 'R', 'U', 'D', 'E')),
      -- AuditEvent.subtype: the operation of the API.
      operation text NOT NULL CHECK (operation IN ('create', 'create-replay', 'read', 'search', 'update', 'patch', 'delete', 'audit-read', 'export')),
      outcome text NOT NULL CHECK (outcome IN ('success', 'refused')),
      refused_status smallint CHECK (refused_status BETWEEN 400 AND 499),
      -- AuditEvent.agent: the token's sub and client_id; 'anonymous' when no token was verified.
      agent_subject text NOT NULL CHECK (length(agent_subject) BETWEEN 1 AND 255),
      agent_client_id text CHECK (length(agent_client_id) BETWEEN 1 AND 255),
      -- AuditEvent.entity (role patient); NULL for a search that returned nobody, or a refused create or search.
      patient_id uuid,
      -- A search's shape: parameter names, and values only of enumerations and numbers.
      query jsonb,
      -- Which field groups of the contract were served: profile, health, audit.
      field_groups text[] NOT NULL,
      request_id text NOT NULL CHECK (length(request_id) BETWEEN 1 AND 128),
      CHECK ((outcome = 'refused') = (refused_status IS NOT NULL)),
      CHECK ((operation = 'search') = (query IS NOT NULL)),
      CHECK (field_groups <@ ARRAY['profile', 'health', 'audit'])
    )`);
  await knex.raw('CREATE INDEX audit_events_patient ON audit_events (patient_id, position) WHERE patient_id IS NOT NULL');
  // Rows arrive in time order and are never changed: a BRIN index serves the retention job's
  // range for a fraction of a B-tree's size and insert cost.
  await knex.raw('CREATE INDEX audit_events_recorded_at ON audit_events USING brin (recorded_at)');

  await knex.raw(`
    CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' AND current_setting('patient_service.audit_retention', true) = 'on' THEN
        RETURN NULL;
      END IF;
      RAISE EXCEPTION 'audit_events is append-only: % is refused', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Only the retention job (purge_audit_events) removes audit events.';
    END $$`);
  await knex.raw(`
    CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`);

  // SECURITY DEFINER: where the service runs as a role with INSERT and SELECT only (README), the
  // function still deletes as the owner. A fixed search_path, as PostgreSQL asks of such functions.
  const schema = (await knex.raw<{ rows: { schema: string }[] }>('SELECT quote_ident(current_schema()) AS schema')).rows[0]!.schema;
  await knex.raw(`
    CREATE FUNCTION purge_audit_events(retention_days integer, batch_size integer) RETURNS integer
      LANGUAGE plpgsql SECURITY DEFINER
      SET search_path = ${schema}, pg_temp
      SET patient_service.audit_retention = 'on'
    AS $$
    DECLARE
      removed integer;
    BEGIN
      IF retention_days IS NULL OR retention_days < 1 THEN
        RAISE EXCEPTION 'retention_days must be at least 1, got %', retention_days;
      END IF;
      DELETE FROM audit_events WHERE position IN (
        SELECT position FROM audit_events
         WHERE recorded_at < now() - make_interval(days => retention_days)
         ORDER BY position LIMIT batch_size);
      GET DIAGNOSTICS removed = ROW_COUNT;
      RETURN removed;
    END $$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE audit_events');
  await knex.raw('DROP FUNCTION purge_audit_events(integer, integer)');
  await knex.raw('DROP FUNCTION audit_events_append_only()');
}
