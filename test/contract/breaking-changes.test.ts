import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { checkCompatibility, type BreakingChange } from '../../scripts/check-breaking-changes';

type Doc = Parameters<typeof checkCompatibility>[0];

/** A small API in the shape of ours: $refs, allOf, an enum shared by query, body and responses. */
const BASE = parse(`
openapi: 3.1.0
info: { title: Things, version: 1.4.2 }
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - { name: kind, in: query, schema: { $ref: '#/components/schemas/Kind' } }
        - { name: limit, in: query, schema: { type: integer } }
      responses:
        '200':
          description: A page.
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: { type: array, items: { $ref: '#/components/schemas/Thing' } }
                  total: { type: integer }
    post:
      operationId: createThing
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: '#/components/schemas/ThingInput' }
      responses:
        '201': { $ref: '#/components/responses/OneThing' }
        '400': { $ref: '#/components/responses/Problem' }
  /things/{id}:
    parameters:
      - { name: id, in: path, required: true, schema: { type: string } }
    get:
      operationId: getThing
      responses:
        '200': { $ref: '#/components/responses/OneThing' }
        '404': { $ref: '#/components/responses/Problem' }
    put:
      operationId: replaceThing
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/ThingInput' }
      responses:
        '200': { $ref: '#/components/responses/OneThing' }
    delete:
      operationId: deleteThing
      responses:
        '204': { description: Deleted. }
components:
  responses:
    OneThing:
      description: One thing.
      content:
        application/json:
          schema: { $ref: '#/components/schemas/Thing' }
    Problem:
      description: A problem.
      content:
        application/problem+json:
          schema:
            type: object
            properties: { type: { type: string }, title: { type: string }, status: { type: integer } }
  schemas:
    Kind: { type: string, enum: [small, medium, large] }
    ThingFields:
      type: object
      properties:
        name: { type: string }
        kind: { allOf: [{ $ref: '#/components/schemas/Kind' }] }
        size:
          oneOf:
            - type: object
              properties: { width: { type: number }, height: { type: number } }
            - type: 'null'
    ThingInput:
      allOf: [{ $ref: '#/components/schemas/ThingFields' }]
      required: [name]
    Thing:
      allOf:
        - { type: object, properties: { id: { type: string } } }
        - { $ref: '#/components/schemas/ThingFields' }
      required: [id, name]
`) as Doc;

/** A copy of BASE, changed by `edit`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- edits reach deep into a fixture whose shape the test itself defines above
function changed(edit: (doc: any) => void): Doc {
  const doc = structuredClone(BASE);
  edit(doc);
  return doc;
}

function rules(changes: BreakingChange[]): string[] {
  return changes.map((c) => `${c.rule} ${c.operation}: ${c.message}`);
}

describe('check-breaking-changes', () => {
  it('passes an unchanged contract', () => {
    const report = checkCompatibility(BASE, structuredClone(BASE));
    expect(report.changes).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('passes compatible changes: new optional parameter and field, wider enum, renamed path parameter, new operation', () => {
    const report = checkCompatibility(
      BASE,
      changed((doc) => {
        doc.paths['/things'].get.parameters.push({ name: 'q', in: 'query', schema: { type: 'string' } });
        doc.components.schemas.ThingFields.properties.colour = { type: 'string' };
        doc.components.schemas.Kind.enum.push('huge');
        doc.paths['/things/{thingId}'] = doc.paths['/things/{id}'];
        doc.paths['/things/{thingId}'].parameters[0].name = 'thingId';
        delete doc.paths['/things/{id}'];
        doc.paths['/things/{thingId}'].patch = { operationId: 'patchThing', responses: { '200': { description: 'ok' } } };
      }),
    );
    expect(rules(report.changes)).toEqual([]);
  });

  it('detects a removed operation', () => {
    const report = checkCompatibility(
      BASE,
      changed((doc) => delete doc.paths['/things/{id}'].delete),
    );
    expect(rules(report.changes)).toEqual(['removed-operation DELETE /things/{id} (deleteThing): the operation was removed']);
    expect(report.ok).toBe(false);
  });

  it('detects a field removed from a response schema, through $ref, allOf, oneOf and array items', () => {
    const report = checkCompatibility(
      BASE,
      changed((doc) => delete doc.components.schemas.ThingFields.properties.size.oneOf[0].properties.height),
    );
    expect(rules(report.changes)).toEqual([
      'removed-response-field GET /things (listThings): response 200 application/json no longer has field `data[].size.height`',
      'removed-response-field POST /things (createThing): response 201 application/json no longer has field `size.height`',
      'removed-response-field GET /things/{id} (getThing): response 200 application/json no longer has field `size.height`',
      'removed-response-field PUT /things/{id} (replaceThing): response 200 application/json no longer has field `size.height`',
    ]);
  });

  it('reports a removed object once, not each of its fields', () => {
    const report = checkCompatibility(
      BASE,
      changed((doc) => delete doc.components.schemas.ThingFields.properties.size),
    );
    expect(report.changes.filter((c) => c.operation.startsWith('GET /things/{id}')).map((c) => c.message)).toEqual([
      'response 200 application/json no longer has field `size`',
    ]);
  });

  it('follows responses defined under components (problem+json)', () => {
    const report = checkCompatibility(
      BASE,
      changed((doc) => delete doc.components.responses.Problem.content['application/problem+json'].schema.properties.title),
    );
    expect(report.changes.map((c) => c.message)).toEqual([
      'response 400 application/problem+json no longer has field `title`',
      'response 404 application/problem+json no longer has field `title`',
    ]);
  });

  it('detects an enum value removed, in parameters, request bodies and responses', () => {
    const report = checkCompatibility(
      BASE,
      changed((doc) => (doc.components.schemas.Kind.enum = ['small', 'medium'])),
    );
    const messages = rules(report.changes);
    expect(messages).toContain('narrowed-enum GET /things (listThings): query parameter `kind` no longer accepts "large"');
    expect(messages).toContain('narrowed-enum POST /things (createThing): request field `body.kind` (application/json) no longer accepts "large"');
    expect(messages).toContain('narrowed-enum GET /things/{id} (getThing): response 200 application/json field `kind` no longer has "large"');
    expect(messages).toContain('narrowed-enum GET /things (listThings): response 200 application/json field `data[].kind` no longer has "large"');
    expect(report.changes.every((c) => c.rule === 'narrowed-enum')).toBe(true);
  });

  it('detects a newly required request field, also in a nested object', () => {
    const report = checkCompatibility(
      BASE,
      changed((doc) => {
        doc.components.schemas.ThingInput.required.push('kind');
        doc.components.schemas.ThingFields.properties.size.oneOf[0].required = ['width'];
      }),
    );
    expect(rules(report.changes).filter((r) => r.startsWith('new-required-request-field POST'))).toEqual([
      'new-required-request-field POST /things (createThing): request field `body.kind` (application/json) is now required',
      'new-required-request-field POST /things (createThing): request field `body.size.width` (application/json) is now required',
    ]);
  });

  it('does not count required fields of a new optional object as newly required', () => {
    const report = checkCompatibility(
      BASE,
      changed((doc) => {
        doc.components.schemas.ThingFields.properties.owner = { type: 'object', required: ['name'], properties: { name: { type: 'string' } } };
      }),
    );
    expect(report.changes).toEqual([]);
  });

  it('detects a new required parameter, an optional parameter made required, and a body made required', () => {
    const report = checkCompatibility(
      BASE,
      changed((doc) => {
        doc.paths['/things'].get.parameters.push({ name: 'tenant', in: 'header', required: true, schema: { type: 'string' } });
        doc.paths['/things'].get.parameters[1].required = true;
        doc.paths['/things/{id}'].put.requestBody.required = true;
      }),
    );
    expect(rules(report.changes)).toEqual([
      'new-required-parameter GET /things (listThings): query parameter `limit` is now required',
      'new-required-parameter GET /things (listThings): new required header parameter `tenant`',
      'new-required-request-field PUT /things/{id} (replaceThing): the request body is now required',
    ]);
  });

  it('allows breaking changes when the major version is bumped, not with a minor bump', () => {
    const removeDelete = (version: string): Doc =>
      changed((doc) => {
        delete doc.paths['/things/{id}'].delete;
        doc.info.version = version;
      });

    const major = checkCompatibility(BASE, removeDelete('2.0.0'));
    expect(major.changes).toHaveLength(1);
    expect(major.majorBumped).toBe(true);
    expect(major.ok).toBe(true);

    const minor = checkCompatibility(BASE, removeDelete('1.5.0'));
    expect(minor.majorBumped).toBe(false);
    expect(minor.ok).toBe(false);
  });

  it('passes on the command line when there is no earlier version to compare with', async () => {
    const root = path.resolve(__dirname, '../..');
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/check-breaking-changes.ts', 'no-such-ref-anywhere'], { cwd: root });
    expect(stdout).toMatch(/no openapi\.yaml at no-such-ref-anywhere/);
  });
});
