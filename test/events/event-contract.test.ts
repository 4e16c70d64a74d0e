import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { EventContractError, loadEventContract } from '../../src/events/event-contract';
import { ASYNCAPI_FILE, OPENAPI_FILE } from '../../src/file-locations';

// Documents are edited freely here, as YAML data of any shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Yaml = Record<string, any>;

/** A copy of the contract files in a temporary folder, changed by `edit`. */
async function contractCopy(edit: (doc: Yaml) => void): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'patient-service-asyncapi-'));
  const doc = parse(await fs.readFile(ASYNCAPI_FILE, 'utf8')) as Yaml;
  edit(doc);
  await fs.writeFile(path.join(dir, 'asyncapi.yaml'), stringify(doc));
  await fs.copyFile(OPENAPI_FILE, path.join(dir, 'openapi.yaml'));
  return path.join(dir, 'asyncapi.yaml');
}

describe('the event contract (asyncapi.yaml)', () => {
  it('defines the three patient events, and every example matches its schema', async () => {
    const contract = await loadEventContract(ASYNCAPI_FILE);
    expect([...contract.types].sort()).toEqual(['patient.created', 'patient.deleted', 'patient.updated']);
    const doc = parse(await fs.readFile(ASYNCAPI_FILE, 'utf8')) as { components: { messages: Record<string, { examples: { payload: unknown }[] }> } };
    for (const message of Object.values(doc.components.messages)) {
      for (const example of message.examples) expect(contract.problems(example.payload)).toEqual([]);
    }
  });

  it('refuses an invalid document with a message that says what is wrong', async () => {
    const file = await contractCopy((doc) => {
      delete doc.info;
    });
    const refused = loadEventContract(file);
    await expect(refused).rejects.toThrow(EventContractError);
    await expect(refused).rejects.toThrow(/is not a valid AsyncAPI document[\s\S]*info/);
  });

  it('refuses a document whose reference into openapi.yaml does not resolve', async () => {
    const file = await contractCopy((doc) => {
      doc.components.schemas.PatientEventData.allOf[0].$ref = './openapi.yaml#/components/schemas/NoSuchSchema';
    });
    await expect(loadEventContract(file)).rejects.toThrow(EventContractError);
  });

  it('rejects events that leak health data, miss attributes or have an unknown type', async () => {
    const contract = await loadEventContract(ASYNCAPI_FILE);
    const doc = parse(await fs.readFile(ASYNCAPI_FILE, 'utf8')) as { components: { messages: Record<string, { examples: { payload: Yaml }[] }> } };
    const created = doc.components.messages.PatientCreated!.examples[0]!.payload;
    expect(contract.problems({ ...created, data: { ...created.data, diagnosis: 'F32.1' } })).toEqual(['/data must NOT have unevaluated properties (diagnosis)']);
    expect(contract.problems({ ...created, data: { ...created.data, currentComplaints: 'x' } })).toHaveLength(1);
    const withoutSubject = { ...created };
    delete withoutSubject.subject;
    expect(contract.problems(withoutSubject)).toEqual(["/ must have required property 'subject'"]);
    expect(contract.problems({ ...created, type: 'patient.renamed' })[0]).toMatch(/^type must be one of/);
    expect(() => contract.assertValid({ ...created, specversion: '0.3' })).toThrow(EventContractError);
  });
});
