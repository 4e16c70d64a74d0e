/**
 * What pg's Result.addFields costs per query for a result of 49 columns (the patient's 47 and
 * two more), as pg is installed: `npx tsx bench/experiments/pg-add-fields.ts`. Run it with the
 * patch (patches/pg+*.patch, as `npm ci` leaves pg) and without (`patch -p1 -R <
 * patches/pg+8.23.1.patch`, then `npx patch-package` to put it back). Prints µs per call after a
 * warm-up; the copy of the field descriptions (pg gets new ones from each RowDescription) is
 * printed alone, to subtract.
 */
import { createRequire } from 'node:module';

const require = createRequire(__filename);
type ResultLike = { addFields(fields: unknown[]): void };
const Result = require('pg/lib/result.js') as new (rowMode: string | undefined, types: unknown) => ResultLike;
const TypeOverrides = require('pg/lib/type-overrides.js') as new () => unknown;

const fields = Array.from({ length: 49 }, (_, i) => ({ name: `someFieldName${i}`, tableID: 1, columnID: i, dataTypeID: [25, 1184, 1082, 16, 23, 2950][i % 6], dataTypeSize: -1, dataTypeModifier: -1, format: 'text' }));
const types = new TypeOverrides();
const sink: unknown[] = [];

function measure(name: string, work: () => void): void {
  for (let i = 0; i < 20_000; i++) work();
  const calls = 100_000;
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) work();
  process.stdout.write(`${name}: ${(Number(process.hrtime.bigint() - start) / calls / 1000).toFixed(2)} µs per call\n`);
}

for (let round = 1; round <= 2; round++) {
  measure(`round ${round}, new Result + addFields`, () => {
    const result = new Result(undefined, types);
    result.addFields(fields.map((field) => ({ ...field })));
    sink[0] = result;
  });
  measure(`round ${round}, the field copy alone`, () => {
    sink[0] = fields.map((field) => ({ ...field }));
  });
}
