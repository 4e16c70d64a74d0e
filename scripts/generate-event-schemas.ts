/**
 * `npm run generate` (event schemas part): asyncapi.yaml -> one self-contained JSON Schema
 * (2020-12) of the event payloads, for the consumers of the SDKs:
 *
 * - sdk/src/event-schema.ts                           (the TypeScript consumer helper validates with it)
 * - clients/python/patient_service_events/contract.schema.json (the Python one validates with it,
 *   and datamodel-code-generator makes the Python models from it)
 *
 * The payload schemas of asyncapi.yaml compose openapi.yaml's schemas by $ref; the bundle copies
 * every schema reachable from the messages into `$defs` and rewrites the references to
 * `#/$defs/<name>`, so shared schemas keep one name (one model class, one type) and the bundle
 * needs no file beside it. The root is a `oneOf` of the message payloads; `x-messages` maps each
 * CloudEvents `type` to its payload schema.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..');
const ASYNCAPI = path.join(ROOT, 'asyncapi.yaml');
const OPENAPI = path.join(ROOT, 'openapi.yaml');
const TS_TARGET = path.join(ROOT, 'sdk', 'src', 'event-schema.ts');
const JSON_TARGET = path.join(ROOT, 'clients', 'python', 'patient_service_events', 'contract.schema.json');

type Schema = Record<string, unknown>;
interface Document {
  info: { title: string; version: string };
  components: { schemas: Record<string, Schema>; messages?: Record<string, { name: string; payload: { $ref: string } }> };
}

const asyncapi = parse(fs.readFileSync(ASYNCAPI, 'utf8')) as Document;
const openapi = parse(fs.readFileSync(OPENAPI, 'utf8')) as Document;
const documents: Record<string, Document> = { asyncapi, openapi };

const defs = new Map<string, Schema>();
const origin = new Map<string, string>();

/** `#/components/schemas/X` in `from`, or `./openapi.yaml#/components/schemas/X`: which document, which schema. */
function target(ref: string, from: string): { document: string; name: string } {
  const match = /^(?:(\.\/openapi\.yaml))?#\/components\/schemas\/([^/]+)$/.exec(ref);
  if (!match) throw new Error(`unsupported $ref ${ref} in ${from}.yaml`);
  return { document: match[1] ? 'openapi' : from, name: match[2]! };
}

function include(document: string, name: string): void {
  const seen = origin.get(name);
  if (seen === document) return;
  if (seen) throw new Error(`schema ${name} is defined in both asyncapi.yaml and openapi.yaml`);
  const schema = documents[document]!.components.schemas[name];
  if (!schema) throw new Error(`${document}.yaml has no schema ${name}`);
  origin.set(name, document);
  defs.set(name, rewrite(schema, document) as Schema);
}

function rewrite(value: unknown, document: string): unknown {
  if (Array.isArray(value)) return value.map((item) => rewrite(item, document));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      if (key === '$ref' && typeof item === 'string') {
        const ref = target(item, document);
        include(ref.document, ref.name);
        return [key, `#/$defs/${ref.name}`];
      }
      return [key, rewrite(item, document)];
    }),
  );
}

const messages = Object.values(asyncapi.components.messages ?? {}).map((message) => {
  const { name } = target(message.payload.$ref, 'asyncapi');
  include('asyncapi', name);
  return { type: message.name, schema: name };
});

const bundle = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:patient-service:events',
  title: 'PatientEvent',
  description: `Generated from asyncapi.yaml (${asyncapi.info.title} ${asyncapi.info.version}) by scripts/generate-event-schemas.ts: one of the message payloads (CloudEvents). Do not edit.`,
  oneOf: messages.map((m) => ({ $ref: `#/$defs/${m.schema}` })),
  // The payload schema of each CloudEvents `type`, so that a consumer validates a record against
  // the schema its type names and reports that schema's errors (not those of every oneOf branch).
  'x-messages': Object.fromEntries(messages.map((m) => [m.type, m.schema])),
  $defs: Object.fromEntries([...defs.entries()].sort(([a], [b]) => a.localeCompare(b))),
};
const json = `${JSON.stringify(bundle, null, 2)}\n`;

const ts = [
  '/**',
  ' * Generated from asyncapi.yaml by scripts/generate-event-schemas.ts (npm run generate).',
  ' * Do not edit: change asyncapi.yaml and regenerate.',
  ' */',
  '',
  '/** The CloudEvents `type` of each message and the name of its payload schema in {@link eventSchema}. */',
  `export const eventMessages = ${JSON.stringify(Object.fromEntries(messages.map((m) => [m.type, m.schema])), null, 2)} as const;`,
  '',
  '/** JSON Schema (2020-12) of every event payload: one of the messages of asyncapi.yaml. */',
  `export const eventSchema: Record<string, unknown> = ${JSON.stringify(bundle, null, 2)};`,
  '',
].join('\n');

fs.writeFileSync(JSON_TARGET, json);
fs.writeFileSync(TS_TARGET, ts);
process.stdout.write(`asyncapi.yaml -> ${path.relative(ROOT, TS_TARGET)}, ${path.relative(ROOT, JSON_TARGET)}\n`);
