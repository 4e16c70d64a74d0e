import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { embeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres';

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A throw-away real PostgreSQL server in a temporary folder (fsync off: tests only).
 * `remove()` stops it and deletes its folder.
 */
export async function startThrowAwayPostgres(database = 'postgres'): Promise<EmbeddedPostgres & { remove(): Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'patient-service-pg-'));
  const server = await embeddedPostgres({ dataDir: path.join(dir, 'data'), port: await freePort(), database, ephemeral: true });
  await server.start();
  return {
    ...server,
    async remove() {
      await server.stop();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
