import fs from 'node:fs/promises';
import path from 'node:path';

/** The postmaster's pid, from the first line of `postmaster.pid` in its data folder. */
export async function postmasterPid(dataDir: string): Promise<number> {
  const pid = Number((await fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no postmaster pid in ${dataDir}`);
  return pid;
}

/** The pids whose parent is `pid` (PostgreSQL's backends and helpers are the postmaster's children). */
export async function childPids(pid: number): Promise<number[]> {
  const children: number[] = [];
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await fs.readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // pid (comm) state ppid ...: comm may hold spaces, so split after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === pid) children.push(Number(entry));
  }
  return children;
}

/**
 * Freezes a PostgreSQL server as a hung host would look: SIGSTOP on the postmaster and every
 * backend. The kernel still accepts TCP connections, nothing answers. `thaw()` (always call it,
 * in a finally) sends SIGCONT to the same processes; it is also sent after `maxMs` whatever
 * happens, so a failed test never leaves a server stopped.
 */
export async function freezePostgres(dataDir: string, maxMs = 30_000): Promise<{ thaw(): void }> {
  const postmaster = await postmasterPid(dataDir);
  const pids = [postmaster, ...(await childPids(postmaster))];
  for (const pid of pids) process.kill(pid, 'SIGSTOP');
  let thawed = false;
  const thaw = (): void => {
    if (thawed) return;
    thawed = true;
    clearTimeout(timer);
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // gone meanwhile
      }
    }
  };
  const timer = setTimeout(thaw, maxMs);
  return { thaw };
}
