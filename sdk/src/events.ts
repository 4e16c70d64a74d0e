import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { eventMessages, eventSchema } from './event-schema';
import type { components, messages } from './event-types';

/**
 * Reads the patient events of asyncapi.yaml from Kafka records, by its delivery rules: at least
 * once and in order per patient (the record key), so a consumer sees duplicates (same event
 * `id`) and, after a rebalance or a replay, events it has already applied.
 * {@link createPatientEventHandler} validates each record against the contract, drops
 * duplicates by `id` and stale events by `data.version`, and hands the rest to one typed
 * callback. It takes plain records (a kafkajs `KafkaMessage` is one), so any client works.
 */

/** Any event of the contract (a CloudEvent), by its `type`. */
export type PatientEvent = messages[keyof messages];
export type PatientCreatedEvent = messages['patient.created'];
export type PatientUpdatedEvent = messages['patient.updated'];
export type PatientDeletedEvent = messages['patient.deleted'];
/** The patient as an event carries it: what the REST API returns, minus the health fields. */
export type PatientEventData = components['schemas']['PatientEventData'];

/** What the application is handed: switch on `kind`. */
export type PatientChange =
  | { kind: 'created'; event: PatientCreatedEvent; patient: PatientEventData }
  | { kind: 'updated'; event: PatientUpdatedEvent; patient: PatientEventData }
  | { kind: 'deleted'; event: PatientDeletedEvent; patientId: string }
  /** A record with a key and no value: on a compacted topic, the patient is gone. */
  | { kind: 'tombstone'; patientId: string };

/** What became of a record. */
export type Outcome = 'applied' | 'duplicate' | 'stale' | 'invalid';

/** A record that was not handed on, and why (for logs and metrics; holds no patient data). */
export interface Dropped {
  reason: 'duplicate' | 'stale';
  eventId: string;
  patientId: string;
  version: number | undefined;
  lastVersion: number | undefined;
}

/** The part of a Kafka record the handler reads; kafkajs's `KafkaMessage` has it (a Buffer is a Uint8Array). */
export interface EventRecord {
  key?: Uint8Array | string | null;
  value: Uint8Array | string | null;
}

/** A record that does not match asyncapi.yaml; `problems` says how. */
export class EventContractError extends Error {
  constructor(readonly problems: string[]) {
    super(`event does not match asyncapi.yaml: ${problems.join('; ')}`);
    this.name = 'EventContractError';
  }
}

/**
 * Where the last applied version of each patient is kept. The default keeps it in memory (a
 * `Map` is one); a consumer that keeps its view in a database should keep the versions beside
 * it, in the same transaction, so that a restart does not apply an old event again.
 */
export interface VersionStore {
  get(patientId: string): number | undefined | Promise<number | undefined>;
  set(patientId: string, version: number): unknown;
}

/** The version a deleted patient is remembered with: ids are never reused, so nothing follows a deletion. */
export const DELETED = Number.MAX_SAFE_INTEGER;

export interface PatientEventHandlerOptions {
  /** Called once per new change, in version order; the event counts as applied when it resolves. */
  onChange(change: PatientChange): void | Promise<void>;
  /** Told of every duplicate and stale record. */
  onDrop?(dropped: Dropped): void;
  /** Given: invalid records go here and are skipped. Not given: they throw {@link EventContractError}. */
  onInvalid?(error: EventContractError, record: EventRecord): void | Promise<void>;
  versions?: VersionStore;
  /** How many event ids are remembered for the duplicate check (default 100,000). */
  rememberedIds?: number;
}

let ajv: Ajv2020 | undefined;

/** The validator of the payload schema the event's `type` names; undefined for a type the contract lacks. */
function validatorOf(type: unknown): ReturnType<Ajv2020['compile']> | undefined {
  const schema = typeof type === 'string' && Object.hasOwn(eventMessages, type) ? eventMessages[type as keyof typeof eventMessages] : undefined;
  if (!schema) return undefined;
  if (!ajv) {
    // strict: false: the schemas carry openapi.yaml's annotations (examples, x-... keywords).
    ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    ajv.addSchema(eventSchema);
  }
  return ajv.getSchema(`${String(eventSchema.$id)}#/$defs/${schema}`);
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function text(raw: Uint8Array | string): string {
  return typeof raw === 'string' ? raw : decoder.decode(raw);
}

/**
 * Parses a record value into its typed CloudEvent, or throws {@link EventContractError}: the
 * value is checked against the JSON Schema of asyncapi.yaml (every constraint, formats included,
 * no field beyond the contract), and the key, when given, must be the patient id.
 */
export function parsePatientEvent(value: Uint8Array | string, key?: Uint8Array | string | null): PatientEvent {
  let document: unknown;
  try {
    document = JSON.parse(text(value));
  } catch (error) {
    throw new EventContractError([`value is not UTF-8 JSON: ${error instanceof Error ? error.message : String(error)}`]);
  }
  const check = validatorOf((document as { type?: unknown } | null)?.type);
  if (!check) throw new EventContractError([`/type must be one of ${Object.keys(eventMessages).join(', ')}`]);
  if (!check(document)) {
    throw new EventContractError(
      (check.errors ?? []).map((e) => {
        const params = e.params as { unevaluatedProperty?: string; additionalProperty?: string };
        const property = params.unevaluatedProperty ?? params.additionalProperty;
        return `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${property ? ` (${property})` : ''}`;
      }),
    );
  }
  const event = document as PatientEvent;
  if (event.subject !== event.data.id) throw new EventContractError(['subject must be data.id']);
  if (key !== undefined && key !== null && text(key) !== event.data.id) {
    throw new EventContractError(['the record key must be the patient id (data.id)']);
  }
  return event;
}

/**
 * Makes the handler of a consumer's records: `await handle(record)` for each record, in order,
 * before its offset is committed. See {@link PatientEventHandlerOptions}.
 */
export function createPatientEventHandler(options: PatientEventHandlerOptions): (record: EventRecord) => Promise<Outcome> {
  const versions: VersionStore = options.versions ?? new Map<string, number>();
  const rememberedIds = options.rememberedIds ?? 100_000;
  // A Set iterates in insertion order: the oldest id is the first one.
  const seen = new Set<string>();

  async function invalid(error: EventContractError, record: EventRecord): Promise<Outcome> {
    if (!options.onInvalid) throw error;
    await options.onInvalid(error, record);
    return 'invalid';
  }

  function drop(reason: Dropped['reason'], eventId: string, patientId: string, version: number | undefined, lastVersion: number | undefined): Outcome {
    options.onDrop?.({ reason, eventId, patientId, version, lastVersion });
    return reason;
  }

  return async function handle(record: EventRecord): Promise<Outcome> {
    if (record.value === null) {
      if (record.key === undefined || record.key === null) {
        return invalid(new EventContractError(['a record without value (a tombstone) must have the patient id as key']), record);
      }
      const patientId = text(record.key);
      await options.onChange({ kind: 'tombstone', patientId });
      await versions.set(patientId, DELETED);
      return 'applied';
    }
    let event: PatientEvent;
    try {
      event = parsePatientEvent(record.value, record.key);
    } catch (error) {
      if (error instanceof EventContractError) return invalid(error, record);
      throw error;
    }

    const patientId = event.data.id;
    const version = event.type === 'patient.deleted' ? undefined : event.data.version;
    const last = await versions.get(patientId);
    if (seen.has(event.id)) return drop('duplicate', event.id, patientId, version, last);
    if (last !== undefined && (version === undefined ? last === DELETED : version <= last)) {
      return drop('stale', event.id, patientId, version, last);
    }

    switch (event.type) {
      case 'patient.created':
        await options.onChange({ kind: 'created', event, patient: event.data });
        break;
      case 'patient.updated':
        await options.onChange({ kind: 'updated', event, patient: event.data });
        break;
      case 'patient.deleted':
        await options.onChange({ kind: 'deleted', event, patientId });
        break;
    }
    await versions.set(patientId, version ?? DELETED);
    seen.add(event.id);
    if (seen.size > rememberedIds) seen.delete(seen.values().next().value as string);
    return 'applied';
  };
}
