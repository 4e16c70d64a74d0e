/**
 * `npm run generate` (events part): asyncapi.yaml -> generated/asyncapi.ts and sdk/src/event-types.ts.
 *
 * 1. The document is parsed and validated with @asyncapi/parser; any error stops generation.
 * 2. Its component schemas (which compose the REST contract's schemas by $ref into openapi.yaml)
 *    are turned into TypeScript by openapi-typescript, the same generator as the REST types, so
 *    shared schemas produce identical types in both files.
 * 3. A map from each message name (the CloudEvents `type`) to its payload type is appended.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, Parser, fromFile } from '@asyncapi/parser';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..');
const SOURCE = path.join(ROOT, 'asyncapi.yaml');
// The service's copy, and the SDK's (a package of its own, which cannot import generated/).
const TARGETS = [path.join(ROOT, 'generated', 'asyncapi.ts'), path.join(ROOT, 'sdk', 'src', 'event-types.ts')];

interface RawAsyncApi {
  info: { title: string; version: string };
  components: {
    schemas: Record<string, unknown>;
    messages: Record<string, { name: string; payload: { $ref: string } }>;
  };
}

async function main(): Promise<void> {
  const { document, diagnostics } = await fromFile(new Parser(), SOURCE).parse();
  const errors = diagnostics.filter((d) => (d.severity as number) === (DiagnosticSeverity.Error as number));
  if (!document || errors.length > 0) {
    for (const d of errors) process.stderr.write(`asyncapi.yaml ${d.path.join('.')}: ${d.message}\n`);
    throw new Error('asyncapi.yaml is invalid');
  }

  const raw = parse(fs.readFileSync(SOURCE, 'utf8')) as RawAsyncApi;
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  const ast = await openapiTS(
    { openapi: '3.1.0', info: raw.info, paths: {}, components: { schemas: raw.components.schemas } } as never,
    { cwd: pathToFileURL(SOURCE), alphabetize: false },
  );

  const messages = Object.values(raw.components.messages)
    .map((m) => `    "${m.name}": components["schemas"]["${m.payload.$ref.split('/').pop()}"];`)
    .join('\n');

  const output = [
    '/**',
    ' * Generated from asyncapi.yaml by scripts/generate-asyncapi-types.ts (npm run generate).',
    ' * Do not edit: change asyncapi.yaml and regenerate.',
    ' */',
    '',
    astToString(ast).replace(/^export interface paths \{\}\n|^export type webhooks = Record<string, never>;\n|^export type \$defs = Record<string, never>;\n|^export type operations = Record<string, never>;\n/gm, ''),
    '/** The payload (CloudEvent) of each message, by message name (= CloudEvents `type`). */',
    'export interface messages {',
    messages,
    '}',
    '',
  ].join('\n');
  for (const target of TARGETS) {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, output);
  }
  process.stdout.write(`asyncapi.yaml -> ${TARGETS.map((t) => path.relative(ROOT, t)).join(', ')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
