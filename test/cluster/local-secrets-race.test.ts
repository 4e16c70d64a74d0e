import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { localSecret, localSecretFile } from '../../src/local-secrets';

// WEB_CONCURRENCY workers start at once on one DATA_DIR, each making the local secrets (token
// signing key, list cursor key) when there are none yet: all must end up with the same one.
describe('local secrets made by several starters at once', () => {
  it('gives every starter the one secret that was stored, never a half-written or a second one', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'patient-service-secrets-'));
    try {
      for (let round = 0; round < 6; round += 1) {
        const file = localSecretFile(dir, `race-${round}.json`);
        // Large enough that writing it takes a while; the starters are staggered so that some look
        // for the file while the first one is storing it.
        const secrets = await Promise.all(Array.from({ length: 40 }, (_, i) => new Promise<void>((resolve) => setTimeout(resolve, i % 10)).then(() => localSecret(file, () => ({ key: randomUUID().repeat(20_000) })))));
        const stored = JSON.parse(await fs.readFile(file, 'utf8')) as { key: string };
        expect(new Set(secrets.map((secret) => secret.key))).toEqual(new Set([stored.key]));
        expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
      }
      // No drafts are left behind.
      expect((await fs.readdir(path.join(dir, 'auth'))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
