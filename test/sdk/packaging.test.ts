import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * The SDK is not published: people install it from a file `npm pack` makes in sdk/ (its
 * README says how). That file must be harmless in the repository (git ignores it, so the
 * generated-code check does not see drift), and it must install and load in another project.
 */
const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const SDK = path.join(ROOT, 'sdk');

let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'sdk-pack-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('the packed SDK (npm pack in sdk/)', () => {
  let tarball: string;

  beforeAll(async () => {
    // dist/ is built by `npm ci` (prepare); --ignore-scripts skips prepack's rebuild.
    const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: SDK });
    const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    tarball = packed!.filename;
  }, 120_000);

  it('is ignored by git where npm pack puts it, so check-generated.sh sees no drift', async () => {
    const inSdk = path.join('sdk', tarball);
    await expect(run('git', ['check-ignore', '-q', inSdk], { cwd: ROOT })).resolves.toBeDefined();
    await expect(run('git', ['check-ignore', '-q', tarball], { cwd: ROOT })).resolves.toBeDefined();
    // Not everything is ignored: the SDK's own files are not.
    await expect(run('git', ['check-ignore', '-q', 'sdk/src/index.ts'], { cwd: ROOT })).rejects.toMatchObject({ code: 1 });
  });

  it('installs into another project from the file and loads there (CommonJS), with its types', async () => {
    const app = path.join(work, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(work, tarball)], { cwd: app });
    const installed = path.join(app, 'node_modules', '@patient-service', 'sdk');
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(fs.existsSync(path.join(installed, 'dist', 'index.d.ts'))).toBe(true);
    const { stdout } = await run(process.execPath, ['-e', "const sdk = require('@patient-service/sdk'); console.log(typeof sdk.createPatientClient, typeof sdk.isProblem)"], { cwd: app });
    expect(stdout.trim()).toBe('function function');
  }, 180_000);
});
