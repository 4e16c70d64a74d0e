/**
 * Errors whose refusal was already recorded by the statement that found it (a read by id that
 * found no patient records its 404 itself): the refusal audit (refusals.ts) leaves them alone,
 * so no attempt is recorded twice.
 */
const audited = new WeakSet<object>();

export function markAudited<E extends object>(error: E): E {
  audited.add(error);
  return error;
}

export function wasAudited(error: unknown): boolean {
  return typeof error === 'object' && error !== null && audited.has(error);
}
