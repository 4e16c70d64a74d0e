/**
 * Settings of one bench run, from BENCH_* variables and command-line flags. Validated once:
 * a bad value stops the run before anything is started.
 */
export interface BenchOptions {
  /** Tiny seed, short scenarios, no speed targets: the CI smoke run. */
  smoke: boolean;
  patients: number;
  /** Seconds of load per scenario and target. */
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  /** Also measure the list at 1,000,000 patients. */
  scale: boolean;
  scalePatients: number;
  /** CPU-profile the service under each scenario (node --cpu-prof). */
  profile: boolean;
  /** External PostgreSQL; unset: an embedded one in a temp dir. */
  databaseUrl: string | undefined;
  kafkaBrokers: string | undefined;
  eventRate: number;
  /** Offered rate of the open-loop list latency run (requests/s), the figure for the list p99 targets. */
  listRate: number;
  eventSeconds: number;
  /** Skip `npm run build` (use the dist/ that is there). */
  skipBuild: boolean;
  /** Only these scenarios (ids), when set. */
  only: string[] | undefined;
  /** Measure service variants with one cost switched off (bench/experiments/*.cjs). */
  ablate: boolean;
  /** BENCH_WEB_CONCURRENCY: the service's WEB_CONCURRENCY (worker processes); the baseline is one process. */
  webConcurrency: number;
}

function int(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function flag(name: string): boolean {
  return ['1', 'true', 'yes', 'on'].includes(process.env[name]?.trim().toLowerCase() ?? '');
}

export function readOptions(argv: string[] = process.argv.slice(2)): BenchOptions {
  const known = new Set(['--smoke', '--scale', '--profile', '--ablate', '--skip-build']);
  const unknown = argv.filter((arg) => !known.has(arg) && !arg.startsWith('--only='));
  if (unknown.length > 0) throw new Error(`unknown argument(s): ${unknown.join(' ')} (known: ${[...known].join(' ')} --only=a,b)`);
  const smoke = argv.includes('--smoke') || flag('BENCH_SMOKE');
  const only = argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length) ?? process.env.BENCH_ONLY;
  return {
    smoke,
    patients: int('BENCH_PATIENTS', smoke ? 500 : 10_000, 100, 1_000_000),
    durationSeconds: int('BENCH_DURATION', smoke ? 1 : 10, 1, 600),
    warmupSeconds: int('BENCH_WARMUP', smoke ? 1 : 3, 0, 60),
    connections: int('BENCH_CONNECTIONS', 32, 1, 1000),
    scale: !smoke && (argv.includes('--scale') || flag('BENCH_SCALE')),
    scalePatients: int('BENCH_SCALE_PATIENTS', 1_000_000, 1_000, 10_000_000),
    profile: !smoke && (argv.includes('--profile') || flag('BENCH_PROFILE')),
    databaseUrl: process.env.DATABASE_URL?.trim() || undefined,
    kafkaBrokers: process.env.KAFKA_BROKERS?.trim() || undefined,
    eventRate: int('BENCH_EVENT_RATE', smoke ? 50 : 500, 1, 100_000),
    listRate: int('BENCH_LIST_RATE', smoke ? 50 : 100, 1, 100_000),
    eventSeconds: int('BENCH_EVENT_SECONDS', smoke ? 2 : 5, 1, 600),
    skipBuild: argv.includes('--skip-build') || flag('BENCH_SKIP_BUILD'),
    ablate: !smoke && (argv.includes('--ablate') || flag('BENCH_ABLATE')),
    webConcurrency: int('BENCH_WEB_CONCURRENCY', 1, 1, 64),
    only: only ? only.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
  };
}
