import { openapiSpec } from '../support/openapi-spec';

/**
 * The merge patch schema mirrors the patient's: every object-valued field of the patient has a
 * patch schema whose members are the resource's members with `null` added (RFC 7396 removes a
 * member sent as null), and the same constraints otherwise, so the two cannot drift apart.
 */

interface Schema {
  $ref?: string;
  type?: string | string[];
  description?: string;
  properties?: Record<string, Schema>;
  allOf?: Schema[];
  [keyword: string]: unknown;
}

const schemas = openapiSpec.components.schemas as Record<string, Schema>;
const resolve = (schema: Schema): Schema => (schema.$ref ? resolve(schemas[schema.$ref.split('/').pop()!]!) : schema);
const typesOf = (schema: Schema): string[] => (Array.isArray(schema.type) ? schema.type : [schema.type!]);
/** A schema's keywords other than its type and description (what it constrains a value to). */
const constraints = ({ type: _type, description: _description, ...rest }: Schema): Schema => rest;

const patientFields = Object.assign({}, ...schemas.Patient!.allOf!.map((part) => resolve(part).properties)) as Record<string, Schema>;
const patchFields = Object.assign({}, ...schemas.PatientPatch!.allOf!.map((part) => resolve(part).properties)) as Record<string, Schema>;
const objectFields = Object.keys(patientFields).filter((field) => typesOf(resolve(patientFields[field]!)).includes('object'));

describe('PatientPatch', () => {
  it('has the availability objects as the patient\'s object-valued fields', () => {
    expect(objectFields.sort()).toEqual(['locationAvailability', 'timeAvailability']);
  });

  it.each(objectFields)('%s: every member takes null in the patch, with the resource\'s constraints otherwise', (field) => {
    const resource = resolve(patientFields[field]!);
    const patch = resolve(patchFields[field]!);
    expect(patch).not.toBe(resource);
    expect(typesOf(patch)).toEqual(typesOf(resource));
    expect(Object.keys(patch.properties!)).toEqual(Object.keys(resource.properties!));
    for (const [member, memberSchema] of Object.entries(resource.properties!)) {
      const patchMember = resolve(patch.properties![member]!);
      expect(typesOf(patchMember)).toEqual([...typesOf(resolve(memberSchema)), 'null']);
      expect(constraints(patchMember)).toEqual(constraints(resolve(memberSchema)));
    }
  });
});
