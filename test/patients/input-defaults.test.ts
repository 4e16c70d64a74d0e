import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PatientInput } from '../../src/patients/api-types';
import { readInputDefaults } from '../../src/patients/input-defaults';
import { completeInput } from '../../src/patients/new-patient';

/** The service fills the contract's defaults itself: it builds the stored patient before the insert. */

function specFile(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'input-defaults-'));
  const file = path.join(dir, 'openapi.yaml');
  fs.writeFileSync(file, text);
  return file;
}

describe('input defaults', () => {
  it("are openapi.yaml's PatientInput defaults", () => {
    expect(readInputDefaults()).toEqual({
      status: 'open',
      contractsSigned: false,
      consultationAttended: false,
      openToGroupTherapy: false,
      openToDigitalHealthApps: false,
      preferredTherapistGender: 'any',
      excludedTherapistIds: [],
    });
  });

  it('fill what an input leaves out, null the rest, and keep what it gives (false and null included)', () => {
    const input = { firstName: 'A', lastName: 'B', contractsSigned: true, openToGroupTherapy: false, email: null } as PatientInput;
    const complete = completeInput(input, readInputDefaults());
    expect(complete).toMatchObject({ firstName: 'A', lastName: 'B', status: 'open', contractsSigned: true, openToGroupTherapy: false, email: null, city: null, excludedTherapistIds: [] });
    expect(Object.values(complete)).not.toContain(undefined);
  });

  it('refuse a contract whose default names no writable field, or that has no PatientInput', () => {
    const unknownField = specFile('components:\n  schemas:\n    PatientInput:\n      properties:\n        version: { default: 1 }\n');
    expect(() => readInputDefaults(unknownField)).toThrow(/default for version, which is not a writable field/);
    const noInput = specFile('components:\n  schemas: {}\n');
    expect(() => readInputDefaults(noInput)).toThrow(/PatientInput.properties is missing/);
  });
});
