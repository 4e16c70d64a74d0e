import { parse } from 'yaml';
import { readRepoFile } from './dockerfile';

/**
 * docker-compose.yml as `docker compose` reads it: YAML, then variable interpolation in every
 * value (not in keys), per the Compose Specification's "Interpolation" section. Only then is the
 * file validated against the schema.
 */
export interface Interpolated {
  value: unknown;
  /** Variables referenced without a default (`${X}`, `$X`): they would be empty when unset. */
  withoutDefault: string[];
}

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const BRACED = new RegExp(`^\\{(${NAME})(?:(:?[-?+])([^}]*))?\\}`);
const BARE = new RegExp(`^(${NAME})`);

function interpolateString(text: string, env: Record<string, string | undefined>, withoutDefault: Set<string>): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] !== '$') {
      out += text[i];
      continue;
    }
    const rest = text.slice(i + 1);
    if (rest.startsWith('$')) {
      out += '$';
      i += 1;
      continue;
    }
    const braced = BRACED.exec(rest);
    const bare = braced ? undefined : BARE.exec(rest);
    if (rest.startsWith('{') && !braced) throw new Error(`invalid interpolation format in "${text}": escape a literal $ as $$`);
    if (!braced && !bare) {
      out += '$';
      continue;
    }
    const name = (braced ?? bare)![1]!;
    const operator = braced?.[2];
    const argument = braced?.[3] ?? '';
    const value = env[name];
    const set = value !== undefined;
    const nonEmpty = set && value !== '';
    switch (operator) {
      case ':-':
        out += nonEmpty ? value : argument;
        break;
      case '-':
        out += set ? value : argument;
        break;
      case ':?':
      case '?':
        if (operator === ':?' ? !nonEmpty : !set) throw new Error(`required variable ${name} is missing: ${argument}`);
        out += value;
        break;
      case ':+':
        out += nonEmpty ? argument : '';
        break;
      case '+':
        out += set ? argument : '';
        break;
      default:
        if (!set) withoutDefault.add(name);
        out += value ?? '';
    }
    i += (braced ?? bare)![0].length;
  }
  return out;
}

export function interpolate(value: unknown, env: Record<string, string | undefined>): Interpolated {
  const withoutDefault = new Set<string>();
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return interpolateString(node, env, withoutDefault);
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, walk(item)]));
    return node;
  };
  return { value: walk(value), withoutDefault: [...withoutDefault].sort() };
}

/** The repository's docker-compose.yml, parsed but not interpolated. */
export function rawComposeFile(): unknown {
  return parse(readRepoFile('docker-compose.yml'));
}
