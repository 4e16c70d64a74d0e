import type { BenchRequest, Scenario } from './scenarios';
import { touchesPatients, type CapturedStatement, type SqlCapture } from './sql-capture';

/** The statements one request of a scenario made a server send, split by the patients table. */
export interface ScenarioSql {
  status: number;
  /** Statements on the patients table: the ones the baseline must send too, text for text. */
  patients: CapturedStatement[];
  /** Everything else (transaction control, outbox, idempotency keys...): the service's extras. */
  other: CapturedStatement[];
}

export async function send(baseUrl: string, request: BenchRequest): Promise<{ status: number; body: string; headers: Headers }> {
  const response = await fetch(baseUrl + request.path, { method: request.method, headers: request.headers, body: request.body });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

/**
 * Sends one request of each scenario, one at a time, and collects what the server's pool
 * (`application`) sent to PostgreSQL meanwhile. Requests are sequential and other connections
 * (the outbox relay) are told apart by their application_name, so the attribution is exact.
 */
export async function captureScenarioSql(
  baseUrl: string,
  capture: SqlCapture,
  application: string,
  requests: { scenario: Scenario; request: BenchRequest }[],
): Promise<Record<string, ScenarioSql>> {
  const result: Record<string, ScenarioSql> = {};
  for (const { scenario, request } of requests) {
    const before = capture.statements.length;
    const { status } = await send(baseUrl, request);
    // The last statement (COMMIT) is on the wire before the response is written, but give the
    // proxy's socket a tick to hand it over.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const statements = capture.statements
      .slice(before)
      .filter((statement) => statement.application === application)
      .flatMap(splitChangeWithEvent);
    result[scenario.id] = {
      status,
      patients: statements.filter((statement) => touchesPatients(statement.sql)),
      other: statements.filter((statement) => !touchesPatients(statement.sql)),
    };
  }
  return result;
}

/**
 * The service writes a patient and its outbox row in one statement (a data-modifying CTE); the
 * baseline has no outbox and sends the patients part alone. Split here into that part and the
 * outbox part (the service's extra), each with its own parameters, so the patients part can be
 * compared text for text.
 */
const CHANGE_WITH_EVENT = /^with "patient" as \(((?:insert into|update|delete from) "patients" .*)\), "event" as \((insert into "outbox" .*)\) select \* from "patient"$/s;

export function splitChangeWithEvent(statement: CapturedStatement): CapturedStatement[] {
  const match = CHANGE_WITH_EVENT.exec(statement.sql);
  if (!match) return [statement];
  const patients = match[1]!;
  const count = Math.max(0, ...[...patients.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
  return [
    { ...statement, sql: patients, params: statement.params.slice(0, count) },
    { ...statement, sql: match[2]!, params: statement.params.slice(count) },
  ];
}

/**
 * Parameters of a statement with what each server makes for itself masked: ids and instants of
 * now (equal in kind, not in value), and the next version of an update (each server's write
 * is counted on the same row, one after the other).
 */
export function maskGenerated(statement: CapturedStatement): (string | null)[] {
  const versionAt = /"version" = \$(\d+)/.exec(statement.sql);
  return statement.params.map((value, index) =>
    value === null
      ? null
      : versionAt && index === Number(versionAt[1]) - 1
        ? '<next version>'
        : /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
          ? '<uuid>'
          : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/.test(value)
            ? '<instant>'
            : value,
  );
}

export interface SqlComparison {
  scenario: string;
  same: boolean;
  ours: string[];
  baseline: string[];
  /** Statements only the service sends (not on the patients table). */
  oursExtra: string[];
  baselineExtra: string[];
}

export function compareSql(ours: Record<string, ScenarioSql>, baseline: Record<string, ScenarioSql>): SqlComparison[] {
  return Object.keys(ours).map((scenario) => {
    // Sorted: statements a server sends side by side on two connections (page and count) may
    // reach the wire in either order.
    const mine = ours[scenario]!.patients.map((s) => s.sql).sort();
    const theirs = baseline[scenario]?.patients.map((s) => s.sql).sort() ?? [];
    return {
      scenario,
      same: mine.length > 0 && mine.length === theirs.length && mine.every((sql, i) => sql === theirs[i]),
      ours: mine,
      baseline: theirs,
      oursExtra: ours[scenario]!.other.map((s) => s.sql),
      baselineExtra: baseline[scenario]?.other.map((s) => s.sql) ?? [],
    };
  });
}

/** Where two statement lists first differ, with some context, for the failure message. */
export function describeDifference(comparison: SqlComparison): string {
  const lines = [`scenario ${comparison.scenario}: the baseline does not send the service's SQL on the patients table.`];
  const count = Math.max(comparison.ours.length, comparison.baseline.length);
  for (let i = 0; i < count; i += 1) {
    const a = comparison.ours[i];
    const b = comparison.baseline[i];
    if (a === b) continue;
    let at = 0;
    while (a !== undefined && b !== undefined && at < a.length && a[at] === b[at]) at += 1;
    const around = (sql: string | undefined): string => (sql === undefined ? '(no statement)' : `...${sql.slice(Math.max(0, at - 60), at + 100)}...`);
    lines.push(`  statement ${i + 1} of ${count}, from character ${at}:`, `    service : ${around(a)}`, `    baseline: ${around(b)}`);
    break;
  }
  lines.push('  `npm run bench -- --print-sql` prints the service statements: paste them into bench/baseline/sql.ts.');
  return lines.join('\n');
}
