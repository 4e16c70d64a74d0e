/**
 * Recognises PostgreSQL's data exceptions (SQLSTATE class 22: 22008 datetime field overflow,
 * 22P02 invalid text representation, 22001 string too long, 22003 numeric out of range, ...):
 * a value the contract let through that the database cannot store. The request is at fault, so
 * it is a 400, never a 500; the database's message (which may quote the value) is not shown.
 */
export function isDataError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code } = error as { code?: unknown };
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}
