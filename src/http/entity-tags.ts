import type { VersionCondition } from '../patients/version-condition';

/** The strong entity tag of a patient version: `"3"`. */
export function entityTag(version: number): string {
  return `"${version}"`;
}

/**
 * Reads an If-Match / If-None-Match header (RFC 9110 §13.1) into a version condition; undefined
 * when the header is absent. If-Match compares strongly, so weak tags (W/"3") never match it;
 * If-None-Match compares weakly. Tags that are not versions match nothing.
 */
export function parseVersionCondition(header: string | undefined, comparison: 'strong' | 'weak'): VersionCondition | undefined {
  if (header === undefined) return undefined;
  if (header.trim() === '*') return { any: true };
  const versions: number[] = [];
  for (const match of header.matchAll(/(W\/)?"([^"]*)"/g)) {
    const weak = match[1] !== undefined;
    if (weak && comparison === 'strong') continue;
    if (/^[1-9][0-9]{0,9}$/.test(match[2]!)) versions.push(Number(match[2]));
  }
  return { versions };
}
