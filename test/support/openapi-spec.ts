import fs from 'node:fs';
import { parse } from 'yaml';
import { OPENAPI_FILE } from '../../src/file-locations';

interface SchemaObject {
  enum?: string[];
  default?: unknown;
  properties?: Record<string, SchemaObject>;
}

/** openapi.yaml as plain data, for tests that check other artefacts against it. */
export const openapiSpec = parse(fs.readFileSync(OPENAPI_FILE, 'utf8')) as { components: { schemas: Record<string, SchemaObject> } };

/** The health fields (GDPR Art. 9) as the contract defines them: they never travel in events. */
export const HEALTH_FIELDS = Object.keys(openapiSpec.components.schemas.PatientHealth!.properties!);
