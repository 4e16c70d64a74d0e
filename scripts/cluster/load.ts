import { randomUUID } from 'node:crypto';
import { benchAuthorization } from '../../bench/auth';
import { patientInput } from '../../bench/scenarios';

/** What the load did, and which events the service owes for it. */
export interface LoadCounts {
  sent: number;
  failed: number;
  /** Failures by `METHOD status` (or the error's name), for the report. */
  failures: Record<string, number>;
  /** Failures that started outside every fault window (soak only; equal to `failed` without faults). */
  failedOutsideFaults: number;
  /** `patientId -> versions` of every write the service confirmed, in the order it confirmed them. */
  expected: Map<string, number[]>;
}

export interface LoadOptions {
  baseUrl: string;
  /** Requests per second over all workers (a steady, bounded rate). */
  rate: number;
  workers: number;
  /** Share of reads (GET by id, list) among the requests; 0: writes only. */
  readShare: number;
  /** Each request gives up after this long (counted as failed). */
  timeoutMs: number;
  /** True while a fault is being injected (its requests are counted apart). */
  inFault?: () => boolean;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/**
 * Steady load through the balancer until stop(): each worker creates patients (with an
 * Idempotency-Key) and updates its own ones (PATCH with If-Match, the version it was last
 * told), at `rate` requests per second in total. Every 2xx write is an event the service owes.
 */
export function startLoad(options: LoadOptions): { counts: LoadCounts; stop(): Promise<LoadCounts> } {
  const counts: LoadCounts = { sent: 0, failed: 0, failures: {}, failedOutsideFaults: 0, expected: new Map() };
  let running = true;
  const interval = (1000 * options.workers) / options.rate;

  const fail = (what: string, faulty: boolean): void => {
    counts.failed += 1;
    counts.failures[what] = (counts.failures[what] ?? 0) + 1;
    if (!faulty) counts.failedOutsideFaults += 1;
  };

  const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Response | undefined> => {
    const faultyAtStart = options.inFault?.() ?? false;
    counts.sent += 1;
    try {
      const response = await fetch(options.baseUrl + path, {
        method,
        headers: { authorization: await benchAuthorization(), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      if (response.status >= 300 && response.status !== 304) {
        await response.arrayBuffer();
        fail(`${method} ${response.status}`, faultyAtStart || (options.inFault?.() ?? false));
        return undefined;
      }
      return response;
    } catch (error) {
      fail(`${method} ${(error as Error).name}`, faultyAtStart || (options.inFault?.() ?? false));
      return undefined;
    }
  };

  const confirm = (id: string, version: number): void => {
    const versions = counts.expected.get(id) ?? [];
    versions.push(version);
    counts.expected.set(id, versions);
  };

  const worker = async (): Promise<void> => {
    const mine: { id: string; version: number }[] = [];
    let next = Date.now() + Math.random() * interval;
    while (running) {
      const wait = next - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      next += interval;
      if (!running) break;
      const patient = mine.length > 0 ? mine[Math.floor(Math.random() * mine.length)]! : undefined;
      if (patient && Math.random() < options.readShare) {
        const response = Math.random() < 0.7 ? await call('GET', `/api/patients/${patient.id}`, {}) : await call('GET', '/api/patients?limit=20', {});
        await response?.arrayBuffer();
      } else if (!patient || mine.length < 5 || Math.random() < 0.3) {
        const response = await call('POST', '/api/patients', { ...JSON_HEADERS, 'idempotency-key': randomUUID() }, patientInput('searching'));
        if (response) {
          const body = (await response.json()) as { id: string; version: number };
          mine.push({ id: body.id, version: body.version });
          confirm(body.id, body.version);
        }
      } else {
        const day = new Date(Date.now() - Math.floor(Math.random() * 30) * 86_400_000).toISOString().slice(0, 10);
        const response = await call('PATCH', `/api/patients/${patient.id}`, { 'content-type': 'application/merge-patch+json', 'if-match': `"${patient.version}"` }, { lastContactOn: day });
        if (response) {
          const body = (await response.json()) as { version: number };
          patient.version = body.version;
          confirm(patient.id, body.version);
        } else {
          // Its version is unknown now (the write may have been applied): leave the patient be.
          mine.splice(mine.indexOf(patient), 1);
        }
      }
    }
  };

  const workers = Array.from({ length: options.workers }, () => worker());
  return {
    counts,
    async stop() {
      running = false;
      await Promise.all(workers);
      return counts;
    },
  };
}
