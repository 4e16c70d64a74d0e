/**
 * The migrated database each test file clones. Named per run (the jest parent's pid), so two
 * runs against one external server do not clash; global setup exports it to the workers.
 */
export function templateDatabase(): string {
  const name = process.env.TEST_TEMPLATE_DATABASE;
  if (!name) throw new Error('TEST_TEMPLATE_DATABASE is not set: run the tests with `npm test`.');
  return name;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
