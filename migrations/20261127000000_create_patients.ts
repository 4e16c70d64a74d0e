import type { Knex } from 'knex';

/**
 * The patients table. Enumerations are native PostgreSQL enum types whose values mirror
 * openapi.yaml (test/contract/storage-matches-contract.test.ts keeps them equal). Lengths
 * mirror the maxLength of the contract, so the database refuses what the API refuses.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  await knex.raw(`CREATE TYPE patient_status AS ENUM
    ('open', 'searching', 'in_therapy', 'therapy_completed', 'search_aborted', 'therapy_aborted')`);
  await knex.raw(`CREATE TYPE therapist_gender_preference AS ENUM ('male', 'female', 'any')`);
  await knex.raw(`CREATE TYPE transport_mode AS ENUM ('car', 'public_transport')`);

  await knex.schema.createTable('patients', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    // Optimistic locking: 1 on create, +1 on every change.
    t.integer('version').notNullable().defaultTo(1);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());

    // personal and contact
    t.string('salutation', 50);
    t.string('first_name', 100).notNullable();
    t.string('last_name', 100).notNullable();
    t.date('date_of_birth');
    t.string('street', 200);
    t.string('postal_code', 5);
    t.string('city', 100);
    t.string('email', 254);
    t.string('phone', 30);

    // insurance and medical
    t.string('primary_care_physician', 200);
    t.string('health_insurer', 100);
    t.string('insurance_number', 10);
    t.string('diagnosis', 10);

    // process
    t.specificType('status', 'patient_status').notNullable().defaultTo('open');
    t.boolean('contracts_signed').notNullable().defaultTo(false);
    t.boolean('consultation_attended').notNullable().defaultTo(false);
    t.date('search_started_on');
    t.date('first_therapy_place_on');
    t.date('working_therapy_place_on');
    t.string('referred_by', 200);
    t.date('last_contact_on');

    // availability
    t.jsonb('time_availability');
    t.jsonb('location_availability');
    t.specificType('transport_mode', 'transport_mode');

    // preferences
    t.boolean('open_to_group_therapy').notNullable().defaultTo(false);
    t.boolean('open_to_digital_health_apps').notNullable().defaultTo(false);
    t.specificType('preferred_therapist_gender', 'therapist_gender_preference').notNullable().defaultTo('any');
    t.specificType('excluded_therapist_ids', 'text[]').notNullable().defaultTo('{}');

    // history and goals (health data)
    t.boolean('psychotherapy_experience');
    t.boolean('inpatient_treatment');
    t.string('occupational_situation', 500);
    t.string('marital_status', 100);
    t.string('current_complaints', 4000);
    t.date('complaints_since');
    t.string('previous_treatments', 4000);
    t.string('physical_conditions', 4000);
    t.string('current_medication', 4000);
    t.string('stress_factors', 4000);
    t.string('support_systems', 4000);
    t.string('reason_for_therapy', 4000);
    t.string('therapy_expectations', 4000);
    t.string('therapy_goals', 4000);
    t.string('previous_therapy_experiences', 4000);
  });

  await knex.raw(`ALTER TABLE patients
    ADD CONSTRAINT patients_postal_code_format CHECK (postal_code ~ '^[0-9]{5}$'),
    ADD CONSTRAINT patients_insurance_number_format CHECK (insurance_number ~ '^[A-Z][0-9]{9}$'),
    ADD CONSTRAINT patients_version_positive CHECK (version >= 1)`);

  // Sorts of the list endpoint; `id` breaks ties so pages are stable.
  await knex.raw('CREATE INDEX patients_created_at_id ON patients (created_at, id)');
  await knex.raw('CREATE INDEX patients_last_name_id ON patients (last_name, id)');
  await knex.raw('CREATE INDEX patients_search_started_on_id ON patients (search_started_on, id)');
  // Filters.
  await knex.raw('CREATE INDEX patients_status ON patients (status)');
  await knex.raw('CREATE INDEX patients_postal_code ON patients (postal_code)');
  await knex.raw('CREATE INDEX patients_city_lower ON patients (lower(city))');
  await knex.raw('CREATE INDEX patients_preferred_therapist_gender ON patients (preferred_therapist_gender)');
  // Case-insensitive substring search (ILIKE '%term%') uses trigram indexes.
  await knex.raw('CREATE INDEX patients_first_name_trgm ON patients USING gin (first_name gin_trgm_ops)');
  await knex.raw('CREATE INDEX patients_last_name_trgm ON patients USING gin (last_name gin_trgm_ops)');
  await knex.raw('CREATE INDEX patients_email_trgm ON patients USING gin (email gin_trgm_ops)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('patients');
  await knex.raw('DROP TYPE transport_mode');
  await knex.raw('DROP TYPE therapist_gender_preference');
  await knex.raw('DROP TYPE patient_status');
}
