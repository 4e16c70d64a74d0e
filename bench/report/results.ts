import type { EventLatency } from '../events';
import type { ExplainResult } from '../explain';
import type { LoadFigures } from '../load';
import type { Contention, MachineDescription } from '../machine';
import type { BenchOptions } from '../options';
import type { ProfileSummary } from '../profile';
import type { SkippedScenario } from '../scenarios';

/**
 * What one bench run measured: the input of every report (Markdown, SVG, JSON, history line).
 * Serialised as it is (plus the target checks) to bench/results/latest.json.
 */

/** One measured run against one server, with what else the machine did meanwhile. */
export type RunFigures = LoadFigures & { contention: Contention };

export interface ScenarioResult {
  id: string;
  title: string;
  ours: RunFigures;
  baseline: RunFigures;
  /** ours/baseline requests per second. */
  ratio: number;
  /** Open-loop run at a fixed offered rate (the list's latency figures). */
  fixedRate?: { rate: number; ours: RunFigures; baseline: RunFigures };
  /** One request at a time (closed loop, one connection): the latency of a request on an otherwise idle server. */
  oneAtATime?: { ours: RunFigures; baseline: RunFigures };
}

/** The list measured again after growing the table (`--scale`). */
export interface ScaleResult {
  patients: number;
  list: ScenarioResult;
  explains: ExplainResult[];
}

export interface MemoryFigures {
  /** Highest RSS of the service sampled under load, over all scenarios (and the scale run). */
  peakSampledUnderLoadBytes: number;
  /** VmHWM of the service: its peak over its whole life. */
  vmHwmBytes: number;
  baselinePeakSampledBytes: number;
}

export interface ProfilePair {
  scenario: string;
  service: ProfileSummary;
  baseline: ProfileSummary | undefined;
}

export interface AblationResult {
  scenario: string;
  variant: string;
  figures: RunFigures;
}

/** PostgreSQL's version and settings (as `SHOW` prints them), where it ran, the seed size. */
export interface DatabaseDescription {
  server_version?: string;
  embedded: boolean;
  patients: number;
  [setting: string]: string | boolean | number | undefined;
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  smoke: boolean;
  /** The commit built and measured (with a mark for local changes). */
  revision: string;
  machine: MachineDescription & { loadAverageAtEnd: number[] };
  /** The run's settings; the DATABASE_URL itself is not recorded, only that it was set. */
  options: Omit<BenchOptions, 'databaseUrl'> & { databaseUrl: '(set)' | undefined };
  database: DatabaseDescription;
  scenarios: ScenarioResult[];
  skipped: SkippedScenario[];
  sqlCheck: { ok: boolean; responsesMatch: Record<string, boolean> };
  explain: ExplainResult[];
  events: EventLatency | undefined;
  scale: ScaleResult | undefined;
  memory: MemoryFigures;
  profiles: ProfilePair[];
  ablation: AblationResult[];
  /** What makes the run fail (errors, non-2xx, missing figures, SQL drift). */
  problems: string[];
}

export interface TargetCheck {
  name: string;
  target: string;
  measured: string;
  met: boolean | undefined;
  note?: string;
}

export const MB = 1024 * 1024;
