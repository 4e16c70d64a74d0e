// Prints the line CI reads, `tests: N passed, M failed` (skipped on the line before),
// from jest's own JSON result
// (`jest --json --outputFile=FILE`), and exits non-zero when anything failed: a failed test, a
// suite that could not run, or a jest run that ended non-zero (argument 2, its exit status).
import { readFileSync } from 'node:fs';

const [file, jestStatus = '0'] = process.argv.slice(2);
let result;
try {
  result = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.error(`no jest result in ${file} (${error.message}): the test run did not finish`);
  process.exit(1);
}
const broken = result.numRuntimeErrorTestSuites ?? 0;
if (broken > 0) console.log(`${broken} test suite(s) failed to run (see the log above)`);
const skipped = (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
console.log(`skipped: ${skipped}`);
console.log(`tests: ${result.numPassedTests} passed, ${result.numFailedTests} failed`);
process.exit(result.numFailedTests === 0 && broken === 0 && result.success && jestStatus === '0' ? 0 : 1);
