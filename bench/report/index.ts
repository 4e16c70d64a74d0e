/**
 * Reporting: every text a bench run leaves behind (Markdown, SVG, JSON, the history line) is
 * built here from the typed results of the run; nothing here measures or writes files.
 */
export { chartSvg } from './chart';
export { MB } from './results';
export { historyEntry, historyLine, type HistoryEntry } from './history';
export { reportJson, reportMarkdown, summaryMarkdown } from './markdown';
export type { AblationResult, BenchResults, ProfilePair, RunFigures, ScaleResult, ScenarioResult } from './results';
export { checkTargets } from './targets';
