import Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { messages } from '../../generated/asyncapi';
import { parseAsyncApi } from './parse-asyncapi';

/** A message name of asyncapi.yaml, which is also the event's CloudEvents `type`. */
export type EventType = keyof messages;
export type PatientEvent = messages[EventType];

export class EventContractError extends Error {
  constructor(message: string, readonly problems: string[]) {
    super(`${message}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'EventContractError';
  }
}

/** The event contract of asyncapi.yaml, ready to validate payloads. */
export interface EventContract {
  /** Message names (event types) the contract defines. */
  readonly types: readonly string[];
  /** Problems of `event` against the schema of its type; empty when it is valid. */
  problems(event: unknown): string[];
  /** Throws EventContractError unless `event` is valid. */
  assertValid(event: unknown): asserts event is PatientEvent;
}

function isTombstone(payload: unknown): boolean {
  return typeof payload === 'object' && payload !== null && (payload as { type?: unknown }).type === 'null';
}

/**
 * Parses and validates asyncapi.yaml with @asyncapi/parser (external $refs into openapi.yaml are
 * resolved) and compiles every message payload schema. Refuses an invalid document.
 */
export async function loadEventContract(file: string): Promise<EventContract> {
  const { errors, messages: parsed } = await parseAsyncApi(file);
  if (errors.length > 0) throw new EventContractError(`${file} is not a valid AsyncAPI document`, errors);

  // strict: false because the parser annotates schemas with x-parser-* keywords.
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const validators = new Map<string, ValidateFunction>();
  for (const { id, name, payload } of parsed) {
    // A tombstone of the state topic has no value: nothing to validate, and not an event.
    if (isTombstone(payload)) continue;
    if (!name || !payload) throw new EventContractError(`${file} has a message without name or payload`, [id]);
    validators.set(name, ajv.compile(payload));
  }

  function problems(event: unknown): string[] {
    const type = (event as { type?: unknown } | null)?.type;
    const validate = typeof type === 'string' ? validators.get(type) : undefined;
    if (!validate) return [`type must be one of ${[...validators.keys()].join(', ')}`];
    if (validate(event)) return [];
    return (validate.errors ?? []).map((e) => {
      const params = e.params as { unevaluatedProperty?: string; additionalProperty?: string };
      const property = params.unevaluatedProperty ?? params.additionalProperty;
      return `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${property ? ` (${property})` : ''}`;
    });
  }

  return {
    types: [...validators.keys()],
    problems,
    assertValid(event: unknown): asserts event is PatientEvent {
      const found = problems(event);
      if (found.length > 0) throw new EventContractError('event does not match asyncapi.yaml', found);
    },
  };
}
