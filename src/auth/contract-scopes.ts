import fs from 'node:fs';
import { parse } from 'yaml';
import { OPENAPI_FILE } from '../file-locations';

interface SpecShape {
  components?: { securitySchemes?: { oauth2?: { flows?: { clientCredentials?: { scopes?: Record<string, string> } } } } };
}

/**
 * The scopes openapi.yaml's oauth2 scheme defines, the one list of them: for tools that mint
 * tokens (`npm run token`, the tests, the bench), so none keeps a copy that can drift.
 */
export function contractScopes(file: string = OPENAPI_FILE): string[] {
  const spec = parse(fs.readFileSync(file, 'utf8')) as SpecShape;
  const scopes = spec.components?.securitySchemes?.oauth2?.flows?.clientCredentials?.scopes;
  if (!scopes) throw new Error(`${file}: components.securitySchemes.oauth2.flows.clientCredentials.scopes is missing`);
  return Object.keys(scopes);
}
