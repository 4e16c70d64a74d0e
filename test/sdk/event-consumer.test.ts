import { randomUUID } from 'node:crypto';
import {
  createPatientEventHandler,
  EventContractError,
  parsePatientEvent,
  type Dropped,
  type PatientChange,
  type PatientEventData,
  type PatientEventHandlerOptions,
} from '@patient-service/sdk';
import { loadContractExamples } from '../support/event-examples';

/** The SDK's event handler: the contract, duplicates, stale versions, tombstones (no broker needed). */
const PATIENT_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

function patient(version: number, status: PatientEventData['status'] = 'open'): PatientEventData {
  return { ...loadContractExamples().created.data, id: PATIENT_ID, version, status };
}

function event(kind: 'created' | 'updated' | 'deleted', data: PatientEventData | { id: string }, id = randomUUID()): Record<string, unknown> {
  return { specversion: '1.0', id, source: '/patient-service', type: `patient.${kind}`, subject: data.id, time: '2026-11-27T10:15:00.000Z', datacontenttype: 'application/json', data };
}

function record(value: Record<string, unknown>, key: string | null = PATIENT_ID): { key: Buffer | null; value: Buffer } {
  return { key: key === null ? null : Buffer.from(key), value: Buffer.from(JSON.stringify(value)) };
}

function recorder(options: Partial<PatientEventHandlerOptions> = {}) {
  const changes: PatientChange[] = [];
  const dropped: Dropped[] = [];
  const handle = createPatientEventHandler({ onChange: (change) => void changes.push(change), onDrop: (d) => dropped.push(d), ...options });
  return { changes, dropped, handle };
}

describe('createPatientEventHandler (@patient-service/sdk)', () => {
  it('accepts the examples of asyncapi.yaml', () => {
    const examples = loadContractExamples();
    for (const example of [examples.created, examples.updated, examples.deleted]) {
      expect(parsePatientEvent(JSON.stringify(example)).id).toBe(example.id);
    }
  });

  it('hands created, updated and deleted as typed changes, in order', async () => {
    const { changes, handle } = recorder();

    const outcomes = [
      await handle(record(event('created', patient(1)))),
      await handle(record(event('updated', patient(2, 'searching')))),
      await handle(record(event('deleted', { id: PATIENT_ID }))),
    ];

    expect(outcomes).toEqual(['applied', 'applied', 'applied']);
    expect(changes.map((c) => c.kind)).toEqual(['created', 'updated', 'deleted']);
    const [created, updated, deleted] = changes;
    if (created?.kind !== 'created' || updated?.kind !== 'updated' || deleted?.kind !== 'deleted') throw new Error('unexpected kinds');
    expect(created.patient.version).toBe(1);
    expect(updated.patient.status).toBe('searching');
    expect(deleted.patientId).toBe(PATIENT_ID);
    // @ts-expect-error a deletion carries no patient, only its id: the union is exact
    void deleted.patient;
  });

  it('drops a redelivered event by its id', async () => {
    const { changes, dropped, handle } = recorder();
    const first = event('created', patient(1));

    expect(await handle(record(first))).toBe('applied');
    expect(await handle(record(first))).toBe('duplicate');

    expect(changes).toHaveLength(1);
    expect(dropped).toEqual([{ reason: 'duplicate', eventId: first.id, patientId: PATIENT_ID, version: 1, lastVersion: 1 }]);
  });

  it('drops an event whose version is not newer than the last applied one', async () => {
    const { changes, dropped, handle } = recorder();

    await handle(record(event('updated', patient(3, 'searching'))));
    const outcomes = [await handle(record(event('updated', patient(2)))), await handle(record(event('updated', patient(3)))), await handle(record(event('updated', patient(4, 'in_therapy'))))];

    expect(outcomes).toEqual(['stale', 'stale', 'applied']);
    expect(dropped.map((d) => [d.version, d.lastVersion])).toEqual([[2, 3], [3, 3]]);
    expect(changes.map((c) => (c.kind === 'updated' ? c.patient.version : c.kind))).toEqual([3, 4]);
  });

  it('drops every event of a patient after its deletion', async () => {
    const { changes, handle } = recorder();

    await handle(record(event('deleted', { id: PATIENT_ID })));

    expect(await handle(record(event('updated', patient(7))))).toBe('stale');
    expect(await handle(record(event('deleted', { id: PATIENT_ID })))).toBe('stale');
    expect(changes).toHaveLength(1);
  });

  it('hands a tombstone (key, no value) on, and ends the patient with it', async () => {
    const { changes, handle } = recorder();

    expect(await handle({ key: Buffer.from(PATIENT_ID), value: null })).toBe('applied');
    expect(await handle(record(event('updated', patient(9))))).toBe('stale');

    expect(changes).toEqual([{ kind: 'tombstone', patientId: PATIENT_ID }]);
    await expect(handle({ key: null, value: null })).rejects.toThrow(EventContractError);
  });

  it('refuses what the contract does not allow, naming the problem', () => {
    const withHealthData = event('updated', { ...patient(2), diagnosis: 'F32.1' } as PatientEventData);
    const badPostalCode = event('updated', { ...patient(2), postalCode: '1011' });
    const missingStatus = event('created', patient(1));
    delete (missingStatus.data as Partial<PatientEventData>).status;
    const unknownType = { ...event('created', patient(1)), type: 'patient.merged' };

    const problems = (value: unknown): string[] => {
      try {
        parsePatientEvent(JSON.stringify(value));
      } catch (error) {
        if (error instanceof EventContractError) return error.problems;
        throw error;
      }
      return [];
    };
    expect(problems(withHealthData).join()).toContain('diagnosis');
    expect(problems(badPostalCode).join()).toContain('/data/postalCode');
    expect(problems(missingStatus).join()).toContain("'status'");
    expect(problems(unknownType)).toEqual(['/type must be one of patient.created, patient.updated, patient.deleted']);
    expect(() => parsePatientEvent('{not json')).toThrow(/JSON/);
    expect(() => parsePatientEvent(Buffer.from([0xff, 0xfe]))).toThrow(/UTF-8/);
    expect(() => parsePatientEvent(JSON.stringify(event('created', patient(1))), randomUUID())).toThrow(/key/);
  });

  it('hands an invalid record to onInvalid when given, and skips it', async () => {
    const invalid: EventContractError[] = [];
    const { changes, handle } = recorder({ onInvalid: (error) => void invalid.push(error) });

    expect(await handle(record(event('created', patient(1)), randomUUID()))).toBe('invalid');

    expect(changes).toEqual([]);
    expect(invalid).toHaveLength(1);
  });

  it('applies a redelivered event whose callback failed the first time', async () => {
    let calls = 0;
    const handle = createPatientEventHandler({
      onChange: () => {
        calls += 1;
        if (calls === 1) throw new Error("the view's database is down");
      },
    });
    const created = record(event('created', patient(1)));

    await expect(handle(created)).rejects.toThrow('database is down');
    expect(await handle(created)).toBe('applied');
    expect(calls).toBe(2);
  });

  it('keeps the versions where the application says (a VersionStore), e.g. beside its view', async () => {
    const versions = new Map<string, number>([[PATIENT_ID, 5]]);
    const { handle } = recorder({ versions });

    expect(await handle(record(event('updated', patient(5))))).toBe('stale');
    expect(await handle(record(event('updated', patient(6))))).toBe('applied');
    expect(versions.get(PATIENT_ID)).toBe(6);
  });
});
