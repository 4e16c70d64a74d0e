import path from 'node:path';
import { startTestServer, type TestServer } from '../support/http-server';
import { collectPytest, describeWithPython, PYTHON_CLIENT, runPytest, type PytestCase } from '../support/python';
import { testToken } from '../support/tokens';

/**
 * The Python client (clients/python) against the running service: its pytest suite, one jest
 * test per pytest test, so that each counts. The REST flows need the service; the consumer tests
 * need nothing but the package.
 */
const TESTS = path.join(PYTHON_CLIENT, 'tests');
const nodeIds = collectPytest(TESTS);

describeWithPython('the Python client (clients/python) against the running service', () => {
  let server: TestServer;
  let cases: Map<string, PytestCase>;
  let output: string;

  beforeAll(async () => {
    server = await startTestServer();
    ({ cases, output } = await runPytest(TESTS, {
      PATIENT_SERVICE_URL: server.baseUrl,
      PATIENT_SERVICE_TOKEN: await testToken(),
      PATIENT_SERVICE_READ_TOKEN: await testToken({ scopes: ['patients.read'] }),
    }));
  }, 180_000);
  afterAll(() => server?.close());

  it('collects the pytest suite', () => {
    expect(nodeIds.length).toBeGreaterThanOrEqual(8);
    expect([...cases.keys()].sort()).toEqual([...nodeIds].sort());
  });

  it.each(nodeIds)('%s passes', (nodeId) => {
    const result = cases.get(nodeId);
    if (result?.outcome !== 'passed') throw new Error(`${nodeId}: ${result?.outcome ?? 'not run'}\n${result?.message ?? output}`);
  });
});
