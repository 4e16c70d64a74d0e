import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { OPENAPI_FILE } from '../../src/file-locations';

// OWASP API7:2023 Server Side Request Forgery: the service fetches no URL a client gives. Its
// only outbound HTTP requests are to the configured identity provider (OIDC_ISSUER's discovery
// document and the jwks_uri it names, or JWKS_URL), in src/auth/key-source.ts; Kafka and
// PostgreSQL are configured addresses too. These tests keep it so: no input of the contract is a
// URL, and no other source file makes an HTTP request.

type Schema = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- openapi.yaml as parsed data, walked generically
const spec: any = parse(fs.readFileSync(OPENAPI_FILE, 'utf8'));

function resolve(schema: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  return ref.replace(/^#\//, '').split('/').reduce((node, key) => node[key], spec);
}

/** Every schema reachable from `schema` with the path that leads to it (`body.timeAvailability.monday[]`). */
function inputsOf(schema: Schema, at: string, seen = new Set<Schema>()): { at: string; schema: Schema }[] {
  const resolved = resolve(schema);
  if (seen.has(resolved)) return [];
  seen.add(resolved);
  const found = [{ at, schema: resolved }];
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
    for (const branch of (resolved[key] as Schema[] | undefined) ?? []) found.push(...inputsOf(branch, at, seen));
  }
  for (const [name, property] of Object.entries((resolved.properties as Record<string, Schema> | undefined) ?? {})) found.push(...inputsOf(property, `${at}.${name}`, seen));
  if (resolved.items) found.push(...inputsOf(resolved.items as Schema, `${at}[]`, seen));
  if (typeof resolved.additionalProperties === 'object') found.push(...inputsOf(resolved.additionalProperties as Schema, `${at}{}`, seen));
  return found;
}

function contractInputs(): { at: string; schema: Schema }[] {
  const found: { at: string; schema: Schema }[] = [];
  for (const [route, item] of Object.entries(spec.paths as Record<string, Record<string, Schema>>)) {
    const shared = (item.parameters as Schema[] | undefined) ?? [];
    for (const [method, operation] of Object.entries(item)) {
      if (!['get', 'put', 'post', 'delete', 'patch', 'head', 'options'].includes(method)) continue;
      for (const parameter of [...shared, ...((operation.parameters as Schema[] | undefined) ?? [])].map(resolve)) {
        found.push(...inputsOf(parameter.schema as Schema, `${method.toUpperCase()} ${route} ${String(parameter.in)}.${String(parameter.name)}`));
      }
      const body = operation.requestBody ? resolve(operation.requestBody as Schema) : undefined;
      for (const media of Object.values((body?.content as Record<string, { schema: Schema }> | undefined) ?? {})) found.push(...inputsOf(media.schema, `${method.toUpperCase()} ${route} body`));
    }
  }
  return found;
}

const URL_FORMATS = new Set(['uri', 'uri-reference', 'iri', 'iri-reference', 'uri-template', 'url', 'hostname', 'idn-hostname', 'ipv4', 'ipv6']);
const URL_NAMES = /(url|uri|href|link|callback|webhook|redirect|host)$/i;

describe('API7 server side request forgery: no URL from a client is ever fetched', () => {
  it('finds the inputs of the contract (the walk is not vacuous)', () => {
    const inputs = contractInputs().map((input) => input.at);
    expect(inputs).toEqual(expect.arrayContaining(['POST /api/patients body.dateOfBirth', 'GET /api/patients query.search', 'PATCH /api/patients/{id} body.timeAvailability']));
  });

  it('has no operation parameter or body field that is a URL, a host name or an address', () => {
    const urlLike = contractInputs().filter(({ at, schema }) => URL_FORMATS.has(String(schema.format)) || URL_NAMES.test(at.split(/[.[\]{} ]/).filter(Boolean).pop() ?? ''));
    expect(urlLike.map((input) => input.at)).toEqual([]);
  });

  it('makes outbound HTTP requests only in src/auth/key-source.ts (the configured issuer)', () => {
    const root = path.resolve(__dirname, '..', '..', 'src');
    const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    const clients = /\bfetch\(|\bhttps?\.(request|get)\(|createRemoteJWKSet\(|from 'node:https'|from 'https'|\bundici\b|\baxios\b|\bgot\(/;
    const callers = files.filter((file) => clients.test(fs.readFileSync(path.join(root, file), 'utf8'))).map((file) => file.split(path.sep).join('/'));
    expect(callers).toEqual(['auth/key-source.ts']);
  });
});
