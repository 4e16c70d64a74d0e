import fs from 'node:fs';
import path from 'node:path';

/**
 * The Docker build context as `docker build .` would see it: .dockerignore rules and COPY
 * sources. The matching follows moby's patternmatcher: patterns are cleaned, relative to the
 * context root; `*` and `?` stop at `/`, `**` crosses directories; a file is matched when it or
 * any of its parent directories matches; the last matching line wins, `!` lines re-include.
 */
interface Rule {
  pattern: string;
  regex: RegExp;
  include: boolean;
}

/** A glob as moby compiles it to a regular expression (`[...]` classes pass through). */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i += 1) {
    const ch = glob[i]!;
    if (ch === '*' && glob[i + 1] === '*') {
      i += 1;
      if (glob[i + 1] === '/') i += 1;
      source += i + 1 >= glob.length ? '.*' : '(.*/)?';
    } else if (ch === '*') {
      source += '[^/]*';
    } else if (ch === '?') {
      source += '[^/]';
    } else if (ch === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) throw new Error(`unterminated [ in pattern "${glob}"`);
      source += `[${glob.slice(i + 1, end)}]`;
      i = end;
    } else if (ch === '\\' && i + 1 < glob.length) {
      i += 1;
      source += glob[i]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else {
      source += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

export function hasWildcard(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

function cleanPattern(pattern: string): string {
  const cleaned = path.posix.normalize(pattern.replace(/^\/+/, '')).replace(/\/+$/, '');
  return cleaned === '.' ? '' : cleaned;
}

export class DockerIgnore {
  private readonly rules: Rule[];

  constructor(text: string) {
    this.rules = text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => {
        const include = line.startsWith('!');
        const pattern = cleanPattern(include ? line.slice(1).trim() : line);
        return { pattern, regex: globToRegExp(pattern), include };
      });
  }

  /** True when `file` (relative to the context root, `/`-separated) is left out of the context. */
  excludes(file: string): boolean {
    const parts = cleanPattern(file).split('/');
    const candidates = parts.map((_, index) => parts.slice(0, index + 1).join('/'));
    let excluded = false;
    for (const rule of this.rules) {
      if (candidates.some((candidate) => rule.regex.test(candidate))) excluded = !rule.include;
    }
    return excluded;
  }
}

export interface ContextFile {
  /** Path inside the context, `/`-separated. */
  relative: string;
  /** Path inside the COPY destination: the base name for a file source, the path below a directory source. */
  target: string;
  /** Whether the COPY source named this file itself (not a directory above it). */
  named: boolean;
}

function walk(root: string, relative: string, ignore: DockerIgnore, into: ContextFile[], base: string): void {
  const absolute = path.join(root, relative);
  if (fs.statSync(absolute).isDirectory()) {
    for (const entry of fs.readdirSync(absolute).sort()) walk(root, path.posix.join(relative, entry), ignore, into, base);
  } else if (!ignore.excludes(relative)) {
    const named = base === relative;
    into.push({ relative, target: named ? path.posix.basename(relative) : path.posix.relative(base, relative), named });
  }
}

/** The context paths one COPY source names (a path or a glob, segment by segment like filepath.Glob). */
function expandSource(root: string, source: string): string[] {
  let matches = [''];
  for (const segment of cleanPattern(source).split('/')) {
    const regex = globToRegExp(segment);
    matches = matches.flatMap((dir) => {
      const absolute = path.join(root, dir);
      if (!fs.existsSync(absolute) || !fs.statSync(absolute).isDirectory()) return [];
      return fs
        .readdirSync(absolute)
        .filter((entry) => (hasWildcard(segment) ? regex.test(entry) : entry === segment))
        .map((entry) => path.posix.join(dir, entry));
    });
  }
  return matches;
}

/**
 * The files one COPY instruction sends from the context, as BuildKit resolves them: a missing
 * literal source is an error, a glob may match nothing; directories are copied by content.
 */
export function copySources(root: string, sources: string[], ignore: DockerIgnore): ContextFile[] {
  const files: ContextFile[] = [];
  for (const source of sources) {
    const matched = expandSource(root, source);
    if (matched.length === 0 && !hasWildcard(source)) throw new Error(`COPY source "${source}" is not in the build context`);
    const before = files.length;
    for (const relative of matched) walk(root, relative, ignore, files, relative);
    if (files.length === before && !hasWildcard(source)) {
      throw new Error(`COPY source "${source}" is left out of the build context by .dockerignore`);
    }
  }
  return files;
}
