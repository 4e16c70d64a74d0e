import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { PatientCreatedEvent, PatientDeletedEvent, PatientUpdatedEvent } from '@patient-service/sdk';

interface Examples {
  created: PatientCreatedEvent;
  updated: PatientUpdatedEvent;
  deleted: PatientDeletedEvent;
}

let examples: Examples | undefined;

/** The first example payload of each message of asyncapi.yaml. */
export function loadContractExamples(): Examples {
  if (!examples) {
    const document = parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'asyncapi.yaml'), 'utf8')) as {
      components: { messages: Record<string, { examples: { payload: unknown }[] }> };
    };
    const first = (name: string) => document.components.messages[name]!.examples[0]!.payload;
    examples = { created: first('PatientCreated') as PatientCreatedEvent, updated: first('PatientUpdated') as PatientUpdatedEvent, deleted: first('PatientDeleted') as PatientDeletedEvent };
  }
  return examples;
}
