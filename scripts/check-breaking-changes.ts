/**
 * Fails when openapi.yaml breaks its consumers compared with an earlier version of itself, unless
 * `info.version`'s major was bumped.
 *
 *   npm run check:breaking              # against the previous commit (HEAD~1)
 *   npm run check:breaking -- main      # against any git ref
 *
 * Breaking here means: an operation removed, a field removed from a response, an enum value
 * removed (in a request or a response), a request field or parameter that is newly required.
 * Without an earlier version (first commit, shallow clone, no openapi.yaml then) it passes.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface BreakingChange {
  rule: 'removed-operation' | 'removed-response-field' | 'narrowed-enum' | 'new-required-request-field' | 'new-required-parameter';
  /** `GET /api/patients (listPatients)` */
  operation: string;
  message: string;
}

export interface CompatibilityReport {
  changes: BreakingChange[];
  oldVersion: string;
  newVersion: string;
  majorBumped: boolean;
  /** No breaking change, or a major bump that announces them. */
  ok: boolean;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: Json | undefined): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function objectAt(value: Json | undefined, key: string): JsonObject | undefined {
  if (!isObject(value)) return undefined;
  const child = value[key];
  return isObject(child) ? child : undefined;
}

/** Resolves a local `$ref` (`#/components/...`), repeatedly; external refs are not followed. */
function deref(doc: JsonObject, node: Json | undefined, seen: Set<string> = new Set()): JsonObject | undefined {
  if (!isObject(node)) return undefined;
  const ref = node.$ref;
  if (typeof ref !== 'string') return node;
  if (!ref.startsWith('#/') || seen.has(ref)) return undefined;
  seen.add(ref);
  let target: Json | undefined = doc;
  for (const part of ref.slice(2).split('/')) {
    target = isObject(target) ? target[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  return deref(doc, target, seen);
}

/**
 * Visits every schema node reachable from `schema`, with the field path it describes (`data[].status`).
 * allOf/oneOf/anyOf branches describe the same path; `$ref` cycles are cut.
 */
function walkSchema(doc: JsonObject, schema: Json | undefined, at: string, visit: (node: JsonObject, at: string) => void, refs: string[] = []): void {
  if (!isObject(schema)) return;
  const ref = typeof schema.$ref === 'string' ? schema.$ref : undefined;
  if (ref && refs.includes(ref)) return;
  const node = deref(doc, schema);
  if (!node) return;
  const trail = ref ? [...refs, ref] : refs;
  visit(node, at);
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
    const branches = node[key];
    if (Array.isArray(branches)) for (const branch of branches) walkSchema(doc, branch, at, visit, trail);
  }
  const properties = objectAt(node, 'properties');
  if (properties) {
    for (const [name, child] of Object.entries(properties)) walkSchema(doc, child, at ? `${at}.${name}` : name, visit, trail);
  }
  if (isObject(node.items)) walkSchema(doc, node.items, `${at}[]`, visit, trail);
  if (isObject(node.additionalProperties)) walkSchema(doc, node.additionalProperties, `${at}.*`, visit, trail);
}

/** Field path -> set of facts, union over every node that describes the path. */
function collect(doc: JsonObject, schema: Json | undefined, root: string, pick: (node: JsonObject) => Json[] | undefined): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  walkSchema(doc, schema, root, (node, at) => {
    const values = pick(node);
    if (!values) return;
    const set = found.get(at) ?? new Set<string>();
    for (const value of values) set.add(JSON.stringify(value));
    found.set(at, set);
  });
  return found;
}

const propertyNames = (node: JsonObject): Json[] | undefined => (isObject(node.properties) ? Object.keys(node.properties) : undefined);
const enumValues = (node: JsonObject): Json[] | undefined => (Array.isArray(node.enum) ? node.enum : undefined);
const requiredNames = (node: JsonObject): Json[] | undefined => (Array.isArray(node.required) ? node.required : undefined);

interface Operation {
  /** `GET /api/patients/{}`: path parameter names do not matter for matching. */
  key: string;
  label: string;
  node: JsonObject;
  parameters: JsonObject[];
}

function operations(doc: JsonObject): Map<string, Operation> {
  const found = new Map<string, Operation>();
  for (const [route, item] of Object.entries(objectAt(doc, 'paths') ?? {})) {
    const pathItem = deref(doc, item);
    if (!pathItem) continue;
    const shared = Array.isArray(pathItem.parameters) ? pathItem.parameters : [];
    for (const method of METHODS) {
      const node = objectAt(pathItem, method);
      if (!node) continue;
      const own = Array.isArray(node.parameters) ? node.parameters : [];
      // Operation parameters override path-item ones of the same name and location.
      const byKey = new Map<string, JsonObject>();
      for (const p of [...shared, ...own]) {
        const param = deref(doc, p);
        if (param) byKey.set(`${text(param.in)}:${text(param.name)}`, param);
      }
      const id = typeof node.operationId === 'string' ? ` (${node.operationId})` : '';
      const key = `${method.toUpperCase()} ${route.replace(/\{[^}]*\}/g, '{}')}`;
      found.set(key, { key, label: `${method.toUpperCase()} ${route}${id}`, node, parameters: [...byKey.values()] });
    }
  }
  return found;
}

/** Media type -> schema of the request body. */
function requestSchemas(doc: JsonObject, op: Operation): Map<string, Json | undefined> {
  const body = deref(doc, op.node.requestBody);
  return new Map(Object.entries(objectAt(body, 'content') ?? {}).map(([media, content]) => [media, isObject(content) ? content.schema : undefined]));
}

/** `status media` -> schema of each response body. */
function responseSchemas(doc: JsonObject, op: Operation): Map<string, Json | undefined> {
  const found = new Map<string, Json | undefined>();
  for (const [status, response] of Object.entries(objectAt(op.node, 'responses') ?? {})) {
    for (const [media, content] of Object.entries(objectAt(deref(doc, response), 'content') ?? {})) {
      found.set(`${status} ${media}`, isObject(content) ? content.schema : undefined);
    }
  }
  return found;
}

function missing<T>(before: Set<T>, after: Set<T> | undefined): T[] {
  return [...before].filter((value) => !after?.has(value));
}

function compareOperation(oldDoc: JsonObject, newDoc: JsonObject, before: Operation, after: Operation): BreakingChange[] {
  const changes: BreakingChange[] = [];
  const operation = after.label;
  const add = (rule: BreakingChange['rule'], message: string): void => {
    changes.push({ rule, operation, message });
  };

  // Parameters: newly required ones, and enum values a parameter no longer accepts.
  const oldParams = new Map(before.parameters.map((p) => [`${text(p.in)}:${text(p.name)}`, p]));
  for (const param of after.parameters) {
    const key = `${text(param.in)}:${text(param.name)}`;
    const previous = oldParams.get(key);
    const name = `${text(param.in)} parameter \`${text(param.name)}\``;
    if (param.required === true && param.in !== 'path' && previous?.required !== true) {
      add('new-required-parameter', previous ? `${name} is now required` : `new required ${name}`);
    }
    if (previous) {
      const oldEnums = collect(oldDoc, previous.schema, '', enumValues);
      const newEnums = collect(newDoc, param.schema, '', enumValues);
      for (const [at, values] of oldEnums) {
        const removed = missing(values, newEnums.get(at));
        if (newEnums.has(at) && removed.length) add('narrowed-enum', `${name}${at ? ` at ${at}` : ''} no longer accepts ${removed.join(', ')}`);
      }
    }
  }

  // Request body: required at all, newly required fields, narrowed enums.
  const oldBody = deref(oldDoc, before.node.requestBody);
  const newBody = deref(newDoc, after.node.requestBody);
  if (newBody?.required === true && oldBody?.required !== true) add('new-required-request-field', 'the request body is now required');
  const oldRequests = requestSchemas(oldDoc, before);
  for (const [media, schema] of requestSchemas(newDoc, after)) {
    // A media type the operation did not take before breaks nobody.
    if (!oldRequests.has(media)) continue;
    const oldSchema = oldRequests.get(media);
    const oldRequired = collect(oldDoc, oldSchema, 'body', requiredNames);
    // Objects the old body did not have are new and optional (or reported as required themselves).
    const oldObjects = collect(oldDoc, oldSchema, 'body', propertyNames);
    for (const [at, names] of collect(newDoc, schema, 'body', requiredNames)) {
      if (at !== 'body' && !oldObjects.has(at)) continue;
      for (const name of missing(names, oldRequired.get(at))) {
        add('new-required-request-field', `request field \`${at}.${JSON.parse(name) as string}\` (${media}) is now required`);
      }
    }
    const oldEnums = collect(oldDoc, oldSchema, 'body', enumValues);
    const newEnums = collect(newDoc, schema, 'body', enumValues);
    for (const [at, values] of oldEnums) {
      const removed = missing(values, newEnums.get(at));
      if (newEnums.has(at) && removed.length) add('narrowed-enum', `request field \`${at}\` (${media}) no longer accepts ${removed.join(', ')}`);
    }
  }

  // Responses: fields that are gone, enum values that are gone.
  const newResponses = responseSchemas(newDoc, after);
  for (const [response, schema] of responseSchemas(oldDoc, before)) {
    if (!newResponses.has(response)) continue;
    const newSchema = newResponses.get(response);
    const oldFields = collect(oldDoc, schema, '', propertyNames);
    const newFields = collect(newDoc, newSchema, '', propertyNames);
    for (const [at, names] of oldFields) {
      // A field whose parent object is gone is reported once, at the parent.
      if (at && !newFields.has(at)) continue;
      for (const name of missing(names, newFields.get(at))) {
        const field = `${at ? `${at}.` : ''}${JSON.parse(name) as string}`;
        add('removed-response-field', `response ${response} no longer has field \`${field}\``);
      }
    }
    const oldEnums = collect(oldDoc, schema, '', enumValues);
    const newEnums = collect(newDoc, newSchema, '', enumValues);
    for (const [at, values] of oldEnums) {
      const removed = missing(values, newEnums.get(at));
      if (newEnums.has(at) && removed.length) add('narrowed-enum', `response ${response} field \`${at || '(body)'}\` no longer has ${removed.join(', ')}`);
    }
  }
  return changes;
}

/** Every breaking change from `oldDoc` to `newDoc`, ignoring versions. */
export function findBreakingChanges(oldDoc: JsonObject, newDoc: JsonObject): BreakingChange[] {
  const changes: BreakingChange[] = [];
  const newOps = operations(newDoc);
  for (const [key, before] of operations(oldDoc)) {
    const after = newOps.get(key);
    if (!after) changes.push({ rule: 'removed-operation', operation: before.label, message: 'the operation was removed' });
    else changes.push(...compareOperation(oldDoc, newDoc, before, after));
  }
  return changes;
}

function major(version: string): number | undefined {
  const match = /^v?(\d+)\./.exec(version.trim());
  return match ? Number(match[1]) : undefined;
}

function versionOf(doc: JsonObject): string {
  return text(objectAt(doc, 'info')?.version);
}

/** Compares two parsed OpenAPI documents; breaking changes are allowed with a major bump. */
export function checkCompatibility(oldDoc: JsonObject, newDoc: JsonObject): CompatibilityReport {
  const changes = findBreakingChanges(oldDoc, newDoc);
  const oldVersion = versionOf(oldDoc);
  const newVersion = versionOf(newDoc);
  const oldMajor = major(oldVersion);
  const newMajor = major(newVersion);
  const majorBumped = oldMajor !== undefined && newMajor !== undefined && newMajor > oldMajor;
  return { changes, oldVersion, newVersion, majorBumped, ok: changes.length === 0 || majorBumped };
}

function parseSpec(text: string, source: string): JsonObject {
  const doc = parse(text) as Json;
  if (!isObject(doc)) throw new Error(`${source} is not an OpenAPI document`);
  return doc;
}

/** The file as it was at `ref`, or undefined when there is no such commit or file. */
function atRef(repoRoot: string, ref: string, file: string): string | undefined {
  const relative = path.relative(repoRoot, file).split(path.sep).join('/');
  try {
    return execFileSync('git', ['show', `${ref}:${relative}`], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 });
  } catch {
    return undefined;
  }
}

function main(argv: string[]): number {
  const repoRoot = path.resolve(__dirname, '..');
  const ref = argv.find((arg) => !arg.startsWith('-')) ?? 'HEAD~1';
  const file = path.join(repoRoot, 'openapi.yaml');
  const previous = atRef(repoRoot, ref, file);
  if (previous === undefined) {
    process.stdout.write(`check:breaking: no openapi.yaml at ${ref} to compare with; nothing can break.\n`);
    return 0;
  }
  const report = checkCompatibility(parseSpec(previous, `openapi.yaml at ${ref}`), parseSpec(readFileSync(file, 'utf8'), 'openapi.yaml'));
  const lines = report.changes.map((c) => `  - [${c.rule}] ${c.operation}: ${c.message}`);
  if (report.changes.length === 0) {
    process.stdout.write(`check:breaking: openapi.yaml ${report.newVersion} is compatible with ${ref} (${report.oldVersion}).\n`);
  } else if (report.majorBumped) {
    process.stdout.write(`check:breaking: breaking changes since ${ref}, announced by the major version ${report.oldVersion} -> ${report.newVersion}:\n${lines.join('\n')}\n`);
  } else {
    process.stderr.write(
      `check:breaking: openapi.yaml breaks its consumers compared with ${ref} (${report.oldVersion} -> ${report.newVersion}):\n${lines.join('\n')}\n` +
        'Keep the contract compatible, or bump the major of info.version (and announce it to the consumers).\n',
    );
  }
  return report.ok ? 0 : 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
