import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { embeddedPostgres } from '../../src/db/embedded-postgres';
import { postmasterPid } from '../support/freeze';
import { freePort } from '../support/postgres-server';
import { startServiceProcess, type ServiceProcess } from '../support/service-process';

// Issue 15, defect 3: a second instance on the same DATA_DIR ran `pg_ctl stop -m fast` on the
// first one's database (6 failed requests). Now it attaches to the running server, and the
// server stops only when its last user does.
jest.setTimeout(300_000);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie is dead too.
  return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

describe('a second instance started on the data folder of a running one', () => {
  it('attaches to its database instead of restarting it: the first one fails no request, and the server stops with its last user', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'patient-service-shared-'));
    const port = await freePort();
    const env = { DATA_DIR: dir, EMBEDDED_PG_PORT: String(port) };
    const started: ServiceProcess[] = [];
    try {
      const first = await startServiceProcess(env, 240_000);
      started.push(first);
      const dataDir = path.join(dir, 'postgres');
      const pid = await postmasterPid(dataDir);
      // The URL is printed, the password never.
      const { password } = JSON.parse(await fs.readFile(path.join(dir, 'postgres.credentials.json'), 'utf8')) as { password: string };
      expect(first.output()).toContain(`postgres://postgres@127.0.0.1:${port}/patients`);
      expect(first.output()).not.toContain(password);

      const authorization = await first.authorization();
      const { id } = (await (await fetch(`${first.baseUrl}/api/patients`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify({ firstName: 'Ada', lastName: 'Lovelace' }) })).json()) as { id: string };
      // The first instance under steady reads while the second one starts.
      let polling = true;
      const outcomes: number[] = [];
      const poll = (async () => {
        while (polling) {
          const res = await fetch(`${first.baseUrl}/api/patients/${id}`, { headers: { authorization } }).catch(() => undefined);
          outcomes.push(res?.status ?? 0);
          await res?.arrayBuffer();
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      const second = await startServiceProcess(env, 240_000).finally(() => undefined);
      started.push(second);
      // A little longer: anything the second one does to the server after it is ready shows.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      polling = false;
      await poll;
      expect(outcomes.length).toBeGreaterThan(5);
      expect(outcomes.filter((status) => status !== 200)).toEqual([]);
      expect(second.output()).toContain('attached to it');
      expect(await postmasterPid(dataDir)).toBe(pid);

      // The second one serves the same data, and stopping it leaves the server to the first.
      const read = await fetch(`${second.baseUrl}/api/patients/${id}`, { headers: { authorization: await second.authorization() } });
      expect(read.status).toBe(200);
      expect(await second.kill('SIGTERM')).toBe(0);
      expect(alive(pid)).toBe(true);
      expect((await fetch(`${first.baseUrl}/api/patients/${id}`, { headers: { authorization } })).status).toBe(200);

      // The last user stops it.
      expect(await first.kill('SIGTERM')).toBe(0);
      // pg_ctl stop -w returns once postmaster.pid is gone, a moment before the process has ended.
      for (let waited = 0; alive(pid) && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(alive(pid)).toBe(false);
    } finally {
      for (const service of started) await service.kill('SIGKILL');
      await (await embeddedPostgres({ dataDir: path.join(dir, 'postgres'), port, database: 'patients' })).stop().catch(() => undefined);
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
