import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAnswer, checkRequest, findOperation, operations } from '../../simulator/contract.mjs';
import { DEMO_SITE_IDS, demoDataset } from '../../simulator/dataset.mjs';
import { withDrift } from '../../simulator/demo-account.mjs';
import { startPiwikSimulator } from '../../simulator/piwik.mjs';
import { deriveContract, SpecError } from '../../scripts/derive-account-api.mjs';
import { closeLater, closeServersAfterEach, piwikInputs, runAction } from '../support/action-harness.js';

/**
 * The account clients against Piwik PRO's published OpenAPI descriptions, in the form
 * scripts/derive-account-api.mjs derived into simulator/account-api.json: every request a run
 * makes to those APIs (path, parameters, body) must match them, and so must every answer the
 * simulator serves in their place.
 */
const NOW = new Date('2026-11-30T12:00:00Z');
const { shop, blog } = DEMO_SITE_IDS;
closeServersAfterEach();

describe('the derived contract', () => {
  it('covers the six operations the clients use, with the documented parameters', () => {
    expect(operations.map((o) => `${o.method} ${o.path}`)).toEqual([
      'GET /api/apps/v2',
      'GET /api/apps/v2/{app_id}',
      'GET /api/analytics/v1/manage/custom-dimensions/',
      'GET /api/analytics/v1/manage/goals/',
      'GET /api/analytics/v1/manage/annotation/user/',
      'POST /api/analytics/v1/manage/annotation/user/',
      // The Analytics HTTP API's (test/volume/contract.test.ts).
      'POST /api/analytics/v1/real-time-query/',
      'POST /api/analytics/v1/query/',
    ]);
    const annotations = findOperation('GET', '/api/analytics/v1/manage/annotation/user/')?.operation;
    expect(annotations?.parameters.map((p) => [p.name, p.required])).toEqual([
      ['website_id', true],
      ['date_from', false],
      ['date_to', false],
      ['limit', false],
      ['offset', false],
    ]);
  });

  it('refuses what the descriptions refuse: unknown parameters, bad UUIDs, a limit out of bounds, a read-only id, a long content', () => {
    const query = (text: string) => new URLSearchParams(text);
    const get = (pathname: string, text: string) => checkRequest({ method: 'GET', pathname, query: query(text), body: '' }).problems;
    expect(get('/api/analytics/v1/manage/goals/', `website_id=${shop}&limit=1000&offset=0`)).toEqual([]);
    expect(get('/api/analytics/v1/manage/goals/', 'website_id=nope&limit=0&sort=name')).toEqual([
      'query parameter sort is not described',
      'query parameter website_id must match format "uuid"',
      'query parameter limit must be >= 1',
    ]);
    expect(get('/api/analytics/v1/manage/custom-dimensions/', 'limit=10')).toEqual(['query parameter website_id is required']);
    const post = (data: object) =>
      checkRequest({
        method: 'POST',
        pathname: '/api/analytics/v1/manage/annotation/user/',
        query: query(''),
        contentType: 'application/vnd.api+json',
        body: JSON.stringify({ data }),
      }).problems;
    const attributes = { date: '2026-11-30', content: 'Broken events', website_id: shop, visibility: 'public' };
    expect(post({ type: 'UserAnnotation', attributes })).toEqual([]);
    expect(post({ type: 'UserAnnotation', id: shop, attributes: { ...attributes, content: 'x'.repeat(151), colour: 'red' } })).toEqual([
      'request body at /data must NOT have additional properties (id)',
      'request body at /data/attributes must NOT have additional properties (colour)',
      'request body at /data/attributes/content must NOT have more than 150 characters',
    ]);
  });
});

describe('scripts/derive-account-api.mjs', () => {
  /** A description split over files as Piwik PRO's is: $refs across them, allOf, readOnly, `type: bool`. */
  function miniSpec(definition: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'spec-'));
    mkdirSync(join(dir, 'api', 'paths'), { recursive: true });
    mkdirSync(join(dir, 'api', 'definitions'));
    writeFileSync(
      join(dir, 'api', 'index.yaml'),
      [
        'paths:',
        '  /things/:',
        '    $ref: ./paths/things.yaml',
        'components:',
        '  parameters:',
        '    WebsiteId: { name: website_id, in: query, required: true, schema: { type: string, format: uuid }, description: prose }',
        '  schemas:',
        '    Thing: { $ref: ./definitions/thing.yaml }',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'api', 'paths', 'things.yaml'),
      [
        'post:',
        '  parameters: [{ $ref: "../index.yaml#/components/parameters/WebsiteId" }]',
        '  requestBody:',
        '    required: true',
        '    content: { application/vnd.api+json: { schema: { properties: { data: { $ref: "../index.yaml#/components/schemas/Thing" } } } } }',
        '  responses:',
        '    "201": { description: OK, content: { application/vnd.api+json: { schema: { properties: { data: { $ref: "../index.yaml#/components/schemas/Thing" } } } } } }',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'api', 'definitions', 'thing.yaml'), definition);
    return dir;
  }

  const thing = [
    'type: object',
    'required: [id, name]',
    'allOf:',
    '  - properties: { name: { type: string, maxLength: 9, example: x } }',
    'properties:',
    '  id: { type: string, format: uuid, readOnly: true }',
    '  shiny: { type: bool }',
    '  price: { type: string, format: monetary }',
  ].join('\n');

  it('resolves $refs across files, merges allOf, and reads readOnly as "never sent" in requests only', () => {
    const [operation] = deriveContract(miniSpec(thing), [['api/index.yaml', 'post', '/things/']]).operations;
    expect(operation.parameters).toEqual([{ name: 'website_id', in: 'query', required: true, schema: { type: 'string', format: 'uuid' } }]);
    expect(operation.requestBody?.schema.properties?.data).toEqual({
      type: 'object',
      required: ['name'],
      additionalProperties: false,
      properties: { name: { type: 'string', maxLength: 9 }, shiny: { type: 'boolean' }, price: { type: 'string' } },
    });
    expect(operation.response.schema?.properties?.data.required).toEqual(['id', 'name']);
    expect(operation.response.schema?.properties?.data.properties?.id).toEqual({ type: 'string', format: 'uuid', readOnly: true });
  });

  it('stops on what it does not understand rather than guess', () => {
    expect(() =>
      deriveContract(miniSpec(`${thing}\n  odd: { type: string, format: hexcolour }`), [['api/index.yaml', 'post', '/things/']]),
    ).toThrow(SpecError);
    expect(() => deriveContract(miniSpec(thing), [['api/index.yaml', 'get', '/things/']])).toThrow(/no GET \/things\//);
  });
});

describe('requests and answers of a real run', () => {
  it('match the descriptions for every account endpoint, annotations included', async () => {
    const data = withDrift(demoDataset(NOW), NOW);
    const sim = closeLater(await startPiwikSimulator({ sites: data.sites, accounts: data.accounts, now: NOW }));
    const { kit } = await runAction({ ...piwikInputs(sim, [shop, blog]), annotate: 'true', since: 'window' });
    expect(kit.failure()).toBeUndefined();

    const account = sim.requests.filter((r) => ['app', 'customDimensions', 'goals', 'annotations'].includes(r.endpoint));
    expect(new Set(account.map((r) => `${r.method} ${r.endpoint}`))).toEqual(
      new Set(['GET app', 'GET customDimensions', 'GET goals', 'GET annotations', 'POST annotations']),
    );
    for (const request of account) {
      const url = new URL(request.target, sim.url);
      const header = request.headers['content-type'];
      const result = checkRequest({
        method: request.method,
        pathname: url.pathname,
        query: url.searchParams,
        contentType: header,
        body: request.body,
      });
      expect(result.problems, `${request.method} ${request.target}`).toEqual([]);
      expect(request.headers.accept).toBe('application/vnd.api+json');
      expect(request.headers.authorization).toMatch(/^Bearer \S+$/);
    }

    // The simulator's answers, asked again with the run's own requests, are in the documented shapes.
    const token = String(account[0]?.headers.authorization);
    for (const request of account.filter((r) => r.method === 'GET')) {
      const response = await fetch(new URL(request.target, sim.url), {
        headers: { authorization: token, accept: 'application/vnd.api+json' },
      });
      const url = new URL(request.target, sim.url);
      const operation = findOperation('GET', url.pathname)?.operation;
      if (!operation) throw new Error(`no operation for ${url.pathname}`);
      const problems = checkAnswer(operation, {
        status: response.status,
        contentType: response.headers.get('content-type') ?? undefined,
        body: await response.text(),
      });
      expect(problems, request.target).toEqual([]);
    }
    const created = await fetch(new URL('/api/analytics/v1/manage/annotation/user/', sim.url), {
      method: 'POST',
      headers: { authorization: token, 'content-type': 'application/vnd.api+json' },
      body: JSON.stringify({
        data: {
          type: 'UserAnnotation',
          attributes: { date: '2026-11-30', content: 'Release 4.2', website_id: blog, visibility: 'public' },
        },
      }),
    });
    const post = findOperation('POST', '/api/analytics/v1/manage/annotation/user/')?.operation;
    if (!post) throw new Error('no POST operation');
    expect(
      checkAnswer(post, {
        status: created.status,
        contentType: created.headers.get('content-type') ?? undefined,
        body: await created.text(),
      }),
    ).toEqual([]);
  });
});
