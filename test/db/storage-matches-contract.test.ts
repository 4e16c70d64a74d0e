import { DEFAULT_STATUS } from '../../src/patients/status-rules';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { openapiSpec as spec } from '../support/openapi-spec';

/** The database's enum types and column defaults must say what openapi.yaml says. */

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

async function enumValues(type: string): Promise<string[]> {
  const result = await database.db.raw<{ rows: { value: string }[] }>(
    'SELECT unnest(enum_range(NULL::' + type + '))::text AS value',
  );
  return result.rows.map((r) => r.value);
}

describe('storage', () => {
  it.each([
    ['patient_status', 'PatientStatus'],
    ['therapist_gender_preference', 'TherapistGenderPreference'],
    ['transport_mode', 'TransportMode'],
  ])('enum type %s has exactly the values of %s', async (type, schema) => {
    // A nullable enum lists null among its values; the column's NULL stands for it.
    expect(await enumValues(type)).toEqual((spec.components.schemas[schema]!.enum as (string | null)[]).filter((value) => value !== null));
  });

  it('fills the same defaults as the contract for every field that has one', async () => {
    const properties = spec.components.schemas.PatientInput!.properties!;
    const defaults = Object.fromEntries(
      Object.entries(properties)
        .filter(([, p]) => p.default !== undefined)
        .map(([name, p]) => [name, p.default]),
    );
    expect(Object.keys(defaults).length).toBeGreaterThanOrEqual(6);
    const [row] = await database.db('patients')
      .insert({ first_name: 'Default', last_name: 'Check' })
      .returning(['status', 'contracts_signed as contractsSigned', 'consultation_attended as consultationAttended', 'open_to_group_therapy as openToGroupTherapy', 'open_to_digital_health_apps as openToDigitalHealthApps', 'preferred_therapist_gender as preferredTherapistGender', 'excluded_therapist_ids as excludedTherapistIds']);
    expect(row).toEqual(defaults);
  });

  it('uses the contract default status where the service needs it', () => {
    expect(spec.components.schemas.PatientInput!.properties!.status!.default).toBe(DEFAULT_STATUS);
  });
});
