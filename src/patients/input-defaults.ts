import fs from 'node:fs';
import { parse } from 'yaml';
import { OPENAPI_FILE } from '../file-locations';
import { WRITABLE_COLUMNS } from './columns';
import type { PatientInput } from './api-types';

/** The values openapi.yaml gives the writable fields a create or replace leaves out. */
export type InputDefaults = Readonly<Partial<PatientInput>>;

interface SpecShape {
  components?: { schemas?: { PatientInput?: { properties?: Record<string, { default?: unknown }> } } };
}

/**
 * Reads the defaults of PatientInput from openapi.yaml, the only place they are written down
 * (the request validator fills the same ones in; the database's column defaults are kept equal
 * by a test). The service needs them itself because it builds the stored patient, and the event
 * about it, before the insert.
 */
export function readInputDefaults(file: string = OPENAPI_FILE): InputDefaults {
  const spec = parse(fs.readFileSync(file, 'utf8')) as SpecShape;
  const properties = spec.components?.schemas?.PatientInput?.properties;
  if (!properties) throw new Error(`${file}: components.schemas.PatientInput.properties is missing`);
  const defaults: Record<string, unknown> = {};
  for (const [field, schema] of Object.entries(properties)) {
    if (schema.default === undefined) continue;
    if (!(field in WRITABLE_COLUMNS)) throw new Error(`${file}: PatientInput has a default for ${field}, which is not a writable field`);
    defaults[field] = schema.default;
  }
  return Object.freeze(defaults);
}
