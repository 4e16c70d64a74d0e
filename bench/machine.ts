import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import { ROOT } from './processes';

/**
 * How busy the machine was with other work during a run. The bench shares 2 cores with other
 * people's test runs; a figure measured while they took a core is not comparable. `otherCpu`
 * is the share of the machine's capacity (all cores) used by processes outside the bench: the
 * bench process, the two servers and the PostgreSQL cluster's processes are subtracted.
 */
export interface CpuSnapshot {
  at: number;
  busy: number;
  total: number;
  /** CPU ticks of the bench's processes, by pid. */
  ours: Map<number, number>;
  /** CPU ticks of every process outside the bench, with its name. */
  others: Map<number, { name: string; ticks: number }>;
  /** Every process, by pid: its name. */
  names: Map<number, string>;
}

export interface Contention {
  /**
   * Percent of all cores busy outside the bench's processes during the run: other processes,
   * plus CPU that no live process accounts for (interrupts, and processes that ended during the
   * run, which includes PostgreSQL's autovacuum and parallel workers).
   */
  otherCpuPercent: number;
  /** The part of otherCpuPercent used by processes still running at the end: other people's work. */
  otherProcessesCpuPercent: number;
  /** Percent of all cores used by the bench (load generator, servers, PostgreSQL). */
  benchCpuPercent: number;
  loadAverage1m: number;
  /** The biggest other consumers, e.g. `java 31%` (percent of all cores). */
  topOthers: string[];
  /** Processes that ended during the run (their CPU is in no process's count), by name. */
  ended: string[];
}

async function machineTicks(): Promise<{ busy: number; total: number }> {
  const line = (await fs.readFile('/proc/stat', 'utf8')).split('\n')[0]!;
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

async function processTicks(pid: number): Promise<{ ppid: number; ticks: number; name: string } | undefined> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (!stat) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) };
}

/** CPU time (user + system, all threads) a process has used so far, in ms (clock ticks of 10 ms). */
export async function processCpuMs(pid: number): Promise<number> {
  return ((await processTicks(pid))?.ticks ?? 0) * 10;
}

/** `pid` and its child processes (a WEB_CONCURRENCY primary's workers). */
export async function withChildren(pid: number): Promise<number[]> {
  const entries = (await fs.readdir('/proc')).filter((name) => /^\d+$/.test(name));
  const children = await Promise.all(entries.map(async (name) => ((await processTicks(Number(name)))?.ppid === pid ? Number(name) : undefined)));
  return [pid, ...children.filter((child): child is number => child !== undefined)];
}

/** CPU ticks of `roots` and of all their descendants (PostgreSQL backends), and of every other process. */
async function treeTicks(roots: number[]): Promise<{ ours: CpuSnapshot['ours']; others: CpuSnapshot['others']; names: CpuSnapshot['names'] }> {
  const entries = (await fs.readdir('/proc')).filter((name) => /^\d+$/.test(name));
  const info = new Map<number, { ppid: number; ticks: number; name: string }>();
  await Promise.all(
    entries.map(async (name) => {
      const found = await processTicks(Number(name));
      if (found) info.set(Number(name), found);
    }),
  );
  const included = new Set(roots.filter((pid) => info.has(pid)));
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, { ppid }] of info) {
      if (!included.has(pid) && included.has(ppid)) {
        included.add(pid);
        grew = true;
      }
    }
  }
  const ours: CpuSnapshot['ours'] = new Map();
  const others: CpuSnapshot['others'] = new Map();
  for (const [pid, process] of info) {
    if (included.has(pid)) ours.set(pid, process.ticks);
    else others.set(pid, { name: process.name, ticks: process.ticks });
  }
  return { ours, others, names: new Map([...info].map(([pid, process]) => [pid, process.name])) };
}

export async function cpuSnapshot(roots: number[]): Promise<CpuSnapshot> {
  const [{ busy, total }, { ours, others, names }] = await Promise.all([machineTicks(), treeTicks(roots)]);
  return { at: Date.now(), busy, total, ours, others, names };
}

export function contention(before: CpuSnapshot, after: CpuSnapshot): Contention {
  const total = Math.max(1, after.total - before.total);
  const busy = after.busy - before.busy;
  // Per process: one that ended during the run (an idle pool connection closed) must not take
  // its whole life's CPU out of the sum.
  let oursUsed = 0;
  for (const [pid, ticks] of after.ours) oursUsed += ticks - (before.ours.get(pid) ?? 0);
  const ours = Math.min(busy, oursUsed);
  const byName = new Map<string, number>();
  let othersUsed = 0;
  for (const [pid, { name, ticks }] of after.others) {
    const used = ticks - (before.others.get(pid)?.ticks ?? 0);
    if (used > 0) {
      byName.set(name, (byName.get(name) ?? 0) + used);
      othersUsed += used;
    }
  }
  const topOthers = [...byName.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .filter(([, used]) => used / total >= 0.02)
    .map(([name, used]) => `${name} ${((used / total) * 100).toFixed(0)}%`);
  const endedByName = new Map<string, number>();
  for (const [pid, name] of before.names) if (!after.names.has(pid)) endedByName.set(name, (endedByName.get(name) ?? 0) + 1);
  const ended = [...endedByName].map(([name, count]) => `${name} x${count}`);
  return {
    ended,
    otherCpuPercent: Math.max(0, ((busy - ours) / total) * 100),
    otherProcessesCpuPercent: (othersUsed / total) * 100,
    benchCpuPercent: (ours / total) * 100,
    loadAverage1m: os.loadavg()[0]!,
    topOthers,
  };
}

/** The PostgreSQL server's main process, when it is the embedded one (for the CPU accounting). */
export async function postmasterPid(dataDir: string | undefined): Promise<number | undefined> {
  if (!dataDir) return undefined;
  const text = await fs.readFile(`${dataDir}/postmaster.pid`, 'utf8').catch(() => '');
  const pid = Number(text.split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export interface MachineDescription {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  loadAverageAtStart: number[];
}

export function machineDescription(): MachineDescription {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverageAtStart: os.loadavg().map((value) => Number(value.toFixed(2))),
  };
}

/** The commit under test, with a mark when src/ or migrations/ have local changes. */
export function revision(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'migrations', 'openapi.yaml', 'package.json'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${commit} + local changes` : commit;
  } catch {
    return 'unknown';
  }
}
