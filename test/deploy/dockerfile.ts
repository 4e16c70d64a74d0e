import fs from 'node:fs';
import path from 'node:path';
import ignore from '@balena/dockerignore';
import { DockerfileParser, type Env, type Instruction } from 'dockerfile-ast';

/** The repository's Dockerfile and build context, read by dockerfile-ast and @balena/dockerignore. */
export const REPO_ROOT = path.resolve(__dirname, '../..');

export function readRepoFile(name: string): string {
  return fs.readFileSync(path.join(REPO_ROOT, name), 'utf8');
}

export interface Stage {
  /** `node:24.21.0-bookworm-slim` of `FROM node:24.21.0-bookworm-slim AS build`. */
  image: string;
  name: string | undefined;
  /** Every instruction after FROM, up to the next FROM. */
  instructions: Instruction[];
}

/** The stages of the repository's Dockerfile, in order. */
export function repoDockerfile(): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of DockerfileParser.parse(readRepoFile('Dockerfile')).getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const [image, , name] = instruction.getArguments().map((argument) => argument.getValue());
      stages.push({ image: image!, name, instructions: [] });
    } else {
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  return stages;
}

export function instructionsOf(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((instruction) => instruction.getKeyword() === keyword);
}

/** The argument vector of an exec-form CMD or `HEALTHCHECK ... CMD [...]`; a shell form is an error. */
export function execForm(instruction: Instruction): string[] {
  const json = (instruction.getArgumentsContent() ?? '').replace(/^CMD\s+/, '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error(`Dockerfile line ${instruction.getRange().start.line + 1}: expected the exec form (a JSON array), got: ${json}`);
  }
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) throw new Error(`not an array of strings: ${json}`);
  return parsed;
}

/** True when `file` (relative to the repository, `/`-separated) is left out of the build context. */
export const leftOutOfContext: (file: string) => boolean = (() => {
  const rules = ignore().add(readRepoFile('.dockerignore'));
  return (file) => rules.ignores(file);
})();

/**
 * A command-line tool the deploy tests run (hadolint, docker-compose): on PATH or in .venv-tools/
 * where `bash scripts/deploy-tools.sh` installs them. Undefined when missing, unless `requireVar`
 * is 1 (CI): then missing is an error.
 */
export function findTool(name: string, requireVar: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), path.join(REPO_ROOT, '.venv-tools/bin')];
  const found = dirs.map((dir) => path.join(dir, name)).find((candidate) => fs.existsSync(candidate));
  if (!found && process.env[requireVar] === '1') throw new Error(`${requireVar}=1 but ${name} is not installed: bash scripts/deploy-tools.sh`);
  return found;
}

/** Every variable the ENV instructions of a stage set. */
export function envOf(stage: Stage): Record<string, string> {
  const properties = instructionsOf(stage, 'ENV').flatMap((env) => (env as Env).getProperties());
  return Object.fromEntries(properties.map((property) => [property.getName(), property.getUnescapedValue() ?? '']));
}
