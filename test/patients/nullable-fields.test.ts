import { startTestApp, type TestApp } from '../support/app';
import { openapiSpec } from '../support/openapi-spec';

/**
 * Every nullable field of a patient takes `null` and, given a bad value, produces exactly one
 * entry in the problem's `errors`: a nullable field is one schema with a type list, not a
 * `oneOf: [X, null]`, which reported every bad value three times (X's reason, "must be null",
 * "must match exactly one schema in oneOf").
 */

interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  pattern?: string;
  format?: string;
  maxLength?: number;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  properties?: Record<string, Schema>;
}

const schemas = openapiSpec.components.schemas as Record<string, Schema>;

function resolve(schema: Schema): Schema {
  return schema.$ref ? resolve(schemas[schema.$ref.replace('#/components/schemas/', '')]!) : schema;
}

/** The properties of a schema, through its `$ref`s and `allOf`s. */
function propertiesOf(schema: Schema): Record<string, Schema> {
  const own = resolve(schema);
  return Object.assign({}, ...(own.allOf ?? []).map(propertiesOf), own.properties ?? {}) as Record<string, Schema>;
}

/** A property as it validates: its own keywords over those of the schema it refers to. */
function effective(property: Schema): Schema {
  return property.$ref ? { ...resolve(property), ...property, $ref: undefined } : property;
}

const types = (schema: Schema): string[] => (Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []);

const WRITABLE = Object.assign({}, ...['PatientProfile', 'PatientAvailability', 'PatientHealth'].map((name) => propertiesOf({ $ref: `#/components/schemas/${name}` }))) as Record<string, Schema>;
const NULLABLE = Object.entries(WRITABLE)
  .filter(([, property]) => types(effective(property)).includes('null'))
  .map(([name]) => name);

/** A value of the wrong JSON type for the field, and one of the right type that breaks its constraint. */
function badValues(schema: Schema): unknown[] {
  const [type] = types(schema).filter((t) => t !== 'null');
  if (type === 'object') return ['not an object', { notAField: 1 }];
  if (type === 'boolean') return ['ja'];
  if (type !== 'string') throw new Error(`no bad values for type ${type}`);
  const constraint = schema.enum ? 'bike' : schema.pattern ? '!!' : schema.format === 'email' ? 'no-mail' : schema.maxLength ? 'x'.repeat(schema.maxLength + 1) : undefined;
  return constraint === undefined ? [12345] : [12345, constraint];
}

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe('nullable fields of a patient', () => {
  it('are declared with a type list, none as oneOf/anyOf with a null branch', () => {
    expect(NULLABLE.length).toBeGreaterThanOrEqual(30);
    for (const schema of [...Object.values(WRITABLE), ...Object.values(schemas)]) {
      for (const branches of [schema.oneOf, schema.anyOf]) {
        expect((branches ?? []).filter((branch) => types(resolve(branch)).includes('null'))).toEqual([]);
      }
    }
    for (const field of ['postalCode', 'timeAvailability', 'locationAvailability', 'transportMode']) expect(NULLABLE).toContain(field);
  });

  it('checks a postal code with the same pattern as the postalCode filter of the list', () => {
    expect(WRITABLE.postalCode!.pattern).toBe(schemas.PostalCode!.pattern);
  });

  it('take null (create, replace and patch)', async () => {
    const nulls = Object.fromEntries(NULLABLE.map((field) => [field, null]));
    const created = await app.api.post('/api/patients').send({ firstName: 'Erika', lastName: 'Mustermann', ...nulls }).expect(201);
    for (const field of NULLABLE) expect(created.body[field]).toBeNull();
    await app.api.put(`/api/patients/${created.body.id}`).send({ firstName: 'Erika', lastName: 'Mustermann', ...nulls }).expect(200);
    await app.api.patch(`/api/patients/${created.body.id}`).set('Content-Type', 'application/merge-patch+json').send(JSON.stringify(nulls)).expect(200);
  });

  it.each(NULLABLE)('%s: a bad value is one entry in errors', async (field) => {
    for (const value of badValues(effective(WRITABLE[field]!))) {
      const res = await app.api.post('/api/patients').send({ firstName: 'Erika', lastName: 'Mustermann', [field]: value });
      expect(res.status).toBe(400);
      const entries = (res.body.errors as { field: string; message: string }[]).filter(
        (e) => e.field === `body.${field}` || e.field.startsWith(`body.${field}.`) || e.field.startsWith(`body.${field}[`),
      );
      expect({ value, entries: entries.length }).toEqual({ value, entries: 1 });
      expect(entries[0]!.message).not.toMatch(/must be null|oneOf|anyOf/);
    }
  });

  it('a bad postal code is exactly one message, the pattern', async () => {
    const res = await app.api.post('/api/patients').send({ firstName: 'Erika', lastName: 'Mustermann', postalCode: '1011' }).expect(400);
    expect(res.body.errors).toEqual([{ field: 'body.postalCode', message: 'must match pattern "^[0-9]{5}$"' }]);
  });

  it('a bad transport mode names the allowed values, not null as an empty one', async () => {
    const res = await app.api.post('/api/patients').send({ firstName: 'Erika', lastName: 'Mustermann', transportMode: 'bike' }).expect(400);
    expect(res.body.errors).toEqual([
      { field: 'body.transportMode', message: 'must be equal to one of the allowed values: car, public_transport (or null)', allowedValues: ['car', 'public_transport'] },
    ]);
  });

  it('a value that breaks two keywords of a field (a date: pattern and format) is still one entry', async () => {
    const res = await app.api.post('/api/patients').send({ firstName: 'Erika', lastName: 'Mustermann', dateOfBirth: 'gestern' }).expect(400);
    expect(res.body.errors).toEqual([{ field: 'body.dateOfBirth', message: 'must match pattern "^(19|2[01])[0-9]{2}-"; must match format "date"' }]);
  });

  it('a bad member of an availability object is one message naming the member', async () => {
    const res = await app.api
      .post('/api/patients')
      .send({ firstName: 'Erika', lastName: 'Mustermann', timeAvailability: { monday: [{ from: '8:00', to: '10:00' }] }, locationAvailability: { maxDistanceKm: -1 } })
      .expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.locationAvailability.maxDistanceKm', 'body.timeAvailability.monday[0].from']);
  });
});
