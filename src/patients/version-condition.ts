/**
 * A condition on a patient's version, from an entity-tag header (If-Match, If-None-Match):
 * any version (`*`), or one of a list.
 */
export type VersionCondition = { any: true } | { versions: readonly number[] };

export function versionMatches(condition: VersionCondition, version: number): boolean {
  return 'any' in condition || condition.versions.includes(version);
}
