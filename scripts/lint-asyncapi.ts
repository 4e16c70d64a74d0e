/**
 * `npm run lint:spec` (events part): asyncapi.yaml must parse and validate with @asyncapi/parser
 * (as the service does at startup), and every message example must match its payload schema
 * (the parser does not check examples against schemas that compose other files).
 */
import fs from 'node:fs';
import { parse } from 'yaml';
import { loadEventContract } from '../src/events/event-contract';
import { ASYNCAPI_FILE } from '../src/file-locations';

interface RawMessages {
  components: { messages: Record<string, { name: string; examples?: { name?: string; payload: unknown }[] }> };
}

async function main(): Promise<void> {
  const contract = await loadEventContract(ASYNCAPI_FILE);
  const raw = parse(fs.readFileSync(ASYNCAPI_FILE, 'utf8')) as RawMessages;
  const problems: string[] = [];
  for (const message of Object.values(raw.components.messages)) {
    if (!message.examples?.length) problems.push(`${message.name}: has no example`);
    for (const example of message.examples ?? []) {
      for (const problem of contract.problems(example.payload)) problems.push(`${message.name} example ${example.name ?? ''}: ${problem}`);
    }
  }
  if (problems.length > 0) {
    process.stderr.write(`asyncapi.yaml:\n  - ${problems.join('\n  - ')}\n`);
    process.exit(1);
  }
  process.stdout.write(`asyncapi.yaml is valid: ${contract.types.join(', ')}, every example matches its schema\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
