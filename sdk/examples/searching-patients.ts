/**
 * Example consumer: keeps a local view of the patients in search of a therapy place (what the
 * matching service needs) from the patient events, with kafkajs.
 *
 *   KAFKA_BROKERS=127.0.0.1:9092 npx tsx sdk/examples/searching-patients.ts --idle-seconds 5
 *
 * It reads the topic in the consumer group `--group` (from the beginning when the group has no
 * committed offsets), hands every record to the SDK's event handler, and keeps the patients whose
 * status is `searching`. kafkajs commits an offset only after `eachMessage` resolved, i.e. after
 * the record was applied (at least once: a crash replays, the handler drops what it has seen).
 * With `--idle-seconds` it stops once nothing arrived for that long and prints the view as JSON:
 * the sorted ids and the counts of what was applied and dropped; no patient data beyond the ids.
 */
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { createPatientEventHandler, type Outcome, type PatientChange, type PatientEventData } from '@patient-service/sdk';

/** The local view: patient id -> the patient's public data, for patients in `searching`. */
export class SearchingPatients {
  readonly patients = new Map<string, PatientEventData>();

  apply(change: PatientChange): void {
    switch (change.kind) {
      case 'created':
      case 'updated':
        if (change.patient.status === 'searching') this.patients.set(change.patient.id, change.patient);
        else this.patients.delete(change.patient.id);
        break;
      case 'deleted':
      case 'tombstone': // a compacted topic's tombstone: the patient is gone
        this.patients.delete(change.patientId);
        break;
    }
  }
}

export interface RunOptions {
  brokers: string[];
  topic: string;
  groupId: string;
  /** Stop after this long without a record (0: never). */
  idleMs: number;
  /** Stop after this long in any case. */
  maxMs: number;
}

export interface RunResult {
  patients: string[];
  outcomes: Partial<Record<Outcome, number>>;
}

export async function runSearchingPatients({ brokers, topic, groupId, idleMs, maxMs }: RunOptions): Promise<RunResult> {
  const view = new SearchingPatients();
  const outcomes: Partial<Record<Outcome, number>> = {};
  const handle = createPatientEventHandler({ onChange: (change) => view.apply(change) });
  const consumer = new Kafka({ clientId: groupId, brokers, logLevel: logLevel.NOTHING }).consumer({ groupId, maxWaitTimeInMs: 200 });
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));

  const started = Date.now();
  let last = started;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        last = Date.now();
        const outcome = await handle(message);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      },
    });
    while (Date.now() - started < maxMs && !(idleMs > 0 && joined && Date.now() - last >= idleMs)) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await consumer.disconnect(); // commits what was applied
  }
  return { patients: [...view.patients.keys()].sort(), outcomes };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      brokers: { type: 'string', default: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092' },
      topic: { type: 'string', default: process.env.KAFKA_TOPIC ?? 'patient-events' },
      group: { type: 'string', default: 'matching-service.searching-patients' },
      'idle-seconds': { type: 'string', default: '0' },
      'max-seconds': { type: 'string', default: '3600' },
    },
  });
  const result = await runSearchingPatients({
    brokers: values.brokers.split(',').filter(Boolean),
    topic: values.topic,
    groupId: values.group,
    idleMs: Number(values['idle-seconds']) * 1000,
    maxMs: Number(values['max-seconds']) * 1000,
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
