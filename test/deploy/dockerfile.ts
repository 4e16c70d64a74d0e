import fs from 'node:fs';
import path from 'node:path';

/**
 * A small Dockerfile reader for the deploy tests: enough of the Dockerfile reference (line
 * continuations, comments, `--flag=value` options, exec and shell form, stages) to check and
 * replay this repository's Dockerfile. It fails loudly on what it does not understand rather
 * than guess.
 */
export interface Instruction {
  /** Upper-cased keyword: FROM, RUN, COPY, ... */
  keyword: string;
  /** Leading `--name=value` options, e.g. `{ from: 'build' }` for COPY --from=build. */
  flags: Record<string, string>;
  /** The rest of the instruction after the options, continuations joined. */
  args: string;
  /** 1-based line of the instruction's first line, for messages. */
  line: number;
}

export interface Stage {
  image: string;
  name: string | undefined;
  /** Every instruction after FROM, up to the next FROM. */
  instructions: Instruction[];
}

export const REPO_ROOT = path.resolve(__dirname, '../..');

export function readRepoFile(name: string): string {
  return fs.readFileSync(path.join(REPO_ROOT, name), 'utf8');
}

function splitFlags(rest: string): { flags: Record<string, string>; args: string } {
  const flags: Record<string, string> = {};
  let args = rest.trim();
  for (let match = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(args); match; match = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(args)) {
    flags[match[1]!] = match[2] ?? 'true';
    args = args.slice(match[0].length);
  }
  return { flags, args };
}

export function parseInstructions(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    // Comment lines are dropped even inside a continued instruction (Dockerfile reference).
    if (trimmed.startsWith('#') || (trimmed === '' && !pending)) return;
    const continued = trimmed.endsWith('\\');
    const part = continued ? trimmed.slice(0, -1).trimEnd() : trimmed;
    pending = pending ? { text: `${pending.text} ${part}`, line: pending.line } : { text: part, line: index + 1 };
    if (continued) return;
    const match = /^(\S+)\s*([\s\S]*)$/.exec(pending.text.trim());
    if (!match) throw new Error(`Dockerfile line ${pending.line}: cannot parse "${pending.text}"`);
    instructions.push({ keyword: match[1]!.toUpperCase(), ...splitFlags(match[2]!), line: pending.line });
    pending = undefined;
  });
  if (pending) throw new Error(`Dockerfile line ${pending.line}: continuation runs past the end of the file`);
  return instructions;
}

export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of parseInstructions(text)) {
    if (instruction.keyword === 'FROM') {
      const [image, as, name, ...extra] = instruction.args.split(/\s+/);
      if (!image || (as !== undefined && (as.toUpperCase() !== 'AS' || !name)) || extra.length) {
        throw new Error(`Dockerfile line ${instruction.line}: cannot parse FROM "${instruction.args}"`);
      }
      stages.push({ image, name, instructions: [] });
    } else {
      const current = stages.at(-1);
      // ARG before the first FROM is the only instruction allowed there; this file has none.
      if (!current) throw new Error(`Dockerfile line ${instruction.line}: ${instruction.keyword} before FROM`);
      current.instructions.push(instruction);
    }
  }
  return stages;
}

/** The repository's Dockerfile, parsed. */
export function repoDockerfile(): Stage[] {
  return parseDockerfile(readRepoFile('Dockerfile'));
}

/** The argument vector of an exec-form (JSON array) CMD, ENTRYPOINT or HEALTHCHECK CMD. */
export function execForm(args: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch {
    throw new Error(`expected the exec form (a JSON array), got: ${args}`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((item) => typeof item === 'string')) {
    throw new Error(`expected a non-empty JSON array of strings, got: ${args}`);
  }
  return parsed;
}

export function instructionsOf(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword);
}

/** The variables one `ENV KEY=VALUE ...` sets (unquoted values only, which is all this Dockerfile uses). */
export function envVariables({ args, line }: Instruction): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of args.split(/\s+/)) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=([^"'\s]*)$/.exec(pair);
    if (!match) throw new Error(`Dockerfile line ${line}: only unquoted ENV KEY=VALUE is understood, got "${pair}"`);
    env[match[1]!] = match[2]!;
  }
  return env;
}

/** Every variable the ENV instructions of a stage set. */
export function envOf(stage: Stage): Record<string, string> {
  return Object.assign({}, ...instructionsOf(stage, 'ENV').map(envVariables)) as Record<string, string>;
}

/** The HEALTHCHECK's command of a stage (exec form), or undefined without one. */
export function healthcheckCommand(stage: Stage): string[] | undefined {
  const [healthcheck] = instructionsOf(stage, 'HEALTHCHECK');
  if (!healthcheck) return undefined;
  const match = /^CMD\s+([\s\S]+)$/.exec(healthcheck.args);
  if (!match) throw new Error(`Dockerfile line ${healthcheck.line}: expected HEALTHCHECK [options] CMD [...]`);
  return execForm(match[1]!);
}
