import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAnswer, tagManagerContract } from '../../simulator/contract.mjs';
import { makeSession } from '../../simulator/dataset.mjs';
import { startPiwikSimulator } from '../../simulator/piwik.mjs';
import { deriveTagManagerContract } from '../../scripts/derive-tagmanager-api.mjs';
import { SpecError } from '../../scripts/derive-account-api.mjs';
import { closeLater, closeServersAfterEach, piwikInputs, runAction } from '../support/action-harness.js';

/**
 * The Tag Manager client against Piwik PRO's published description, in the form
 * scripts/derive-tagmanager-api.mjs derived into simulator/tagmanager-api.json:
 * every request a run makes to the Tag Manager API must match it, and so must
 * every answer the simulator serves in its place.
 */
const SITE = '3f6c9a2e-5b1d-4e8f-9a7c-2d4b6e8f0a13';
const MINUTE = 60_000;
const { findOperation, checkRequest, operations } = tagManagerContract;
closeServersAfterEach();

describe('the derived contract', () => {
  it('covers the four reads, with the list filter as the description says to send it', () => {
    expect(operations.map((o) => `${o.method} ${o.path}`)).toEqual([
      'GET /api/tag/v1/{app_id}/versions/published',
      'GET /api/tag/v1/{app_id}/versions',
      'GET /api/tag/v1/{app_id}/versions/{version_id}',
      'GET /api/tag/v1/{app_id}/versions/{version_id}/changelog',
    ]);
    const list = findOperation('GET', `/api/tag/v1/${SITE}/versions`)?.operation;
    expect(list?.parameters.find((p) => p.name === 'filter[version_type][]')).toMatchObject({ explode: true, schema: { type: 'array' } });
  });

  it('refuses what the description refuses: a bad UUID, an unknown filter value, a zero limit, a comma-joined filter', () => {
    const get = (path: string, query: string) =>
      checkRequest({ method: 'GET', pathname: path, query: new URLSearchParams(query), body: '' }).problems;
    const list = `/api/tag/v1/${SITE}/versions`;
    expect(
      get(list, 'filter[version_type][]=published&filter[version_type][]=historic&sort=-updated_at&page[limit]=10&page[offset]=0'),
    ).toEqual([]);
    expect(get(list, 'filter[version_type][]=published,historic')).toHaveLength(1);
    expect(get(list, 'filter[version_type]=published')).toEqual(['query parameter filter[version_type] is not described']);
    expect(get(list, 'page[limit]=0')).toEqual(['query parameter page[limit] must be >= 1']);
    expect(get('/api/tag/v1/not-a-uuid/versions/published', '')).toEqual(['path parameter app_id must match format "uuid"']);
    expect(get(`/api/tag/v1/${SITE}/versions/x/changelog`, 'sort=name')).toHaveLength(2);
  });

  it('is derived by a script that reads path-level parameters and stops when the note on repeating the filter is gone', () => {
    const withNote = deriveTagManagerContract(miniSpec(true));
    const list = withNote.operations.find((o) => o.path === '/api/tag/v1/{app_id}/versions');
    expect(list?.parameters.map((p) => [p.name, p.in])).toEqual([
      ['app_id', 'path'],
      ['filter[version_type][]', 'query'],
    ]);
    expect(() => deriveTagManagerContract(miniSpec(false))).toThrow(SpecError);
  });
});

/** A Tag Manager description in miniature: parameters for the whole path, as Piwik PRO's are written. */
function miniSpec(withNote: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'tm-spec-'));
  const root = join(dir, 'piwik-pro-tag-manager-api');
  mkdirSync(root);
  const ok = "responses: { '200': { description: OK, content: { application/vnd.api+json: { schema: { type: object } } } } }";
  const app = '{ name: app_id, in: path, required: true, schema: { type: string, format: uuid } }';
  const version = '{ name: version_id, in: path, required: true, schema: { type: string, format: uuid } }';
  const filter = "{ name: 'filter[version_type]', in: query, schema: { type: string, enum: [published, historic] } }";
  const note = withNote ? 'Repeat it: `versions?filter[version_type][]=published&filter[version_type][]=draft`' : 'Comma-separated.';
  writeFileSync(
    join(root, 'versions.yaml'),
    [
      'paths:',
      '  /api/tag/v1/{app_id}/versions/published:',
      `    parameters: [${app}]`,
      `    get: { ${ok} }`,
      '  /api/tag/v1/{app_id}/versions:',
      `    parameters: [${app}]`,
      `    get: { description: "${note}", parameters: [${filter}], ${ok} }`,
      '  /api/tag/v1/{app_id}/versions/{version_id}:',
      `    parameters: [${app}, ${version}]`,
      `    get: { ${ok} }`,
    ].join('\n'),
  );
  writeFileSync(
    join(root, 'changelog.yaml'),
    [
      'paths:',
      '  /api/tag/v1/{app_id}/versions/{version_id}/changelog:',
      `    parameters: [${app}, ${version}]`,
      `    get: { ${ok} }`,
    ].join('\n'),
  );
  return dir;
}

describe('requests and answers of a real run', () => {
  it('match the description for every Tag Manager read', async () => {
    const now = new Date();
    const at = (ago: number) => new Date(now.getTime() - ago * MINUTE);
    const sim = closeLater(
      await startPiwikSimulator({
        sites: {
          [SITE]: [
            makeSession({
              appId: SITE,
              seed: 'c1',
              updatedAt: at(10),
              events: [
                {
                  type: 17,
                  errorMessage: 'Invalid custom event value: twelve',
                  customEvent: { category: 'a', action: 'b', value: 'twelve' },
                },
              ],
            }),
          ],
        },
        now,
        tagManager: {
          [SITE]: {
            versions: [
              { major: 3, type: 'historic', publishedAt: at(600), publisher: 'a@example.com' },
              { major: 3, minor: 1, type: 'historic', createdAt: at(30) },
              {
                major: 4,
                type: 'published',
                publishedAt: at(15),
                publisher: 'b@example.com',
                changes: [
                  {
                    changeType: 'edit',
                    resourceType: 'tag',
                    name: 'Events',
                    before: { code: 'x' },
                    after: { code: "_paq.push(['trackEvent', 'a', 'b', 'c', e_v])" },
                  },
                  { changeType: 'delete', resourceType: 'variable', name: 'Old', before: { name: 'Old' } },
                ],
              },
            ],
          },
        },
      }),
    );
    const { kit, report } = await runAction({ ...piwikInputs(sim, [SITE]), since: 'window' });
    expect(kit.failure()).toBeUndefined();
    expect(report?.groups[0]?.publish?.version).toBe('4');

    const requests = sim.requests.filter((r) => r.endpoint === 'tagManager');
    expect(new Set(requests.map((r) => findOperation('GET', r.path)?.operation.path))).toEqual(new Set(operations.map((o) => o.path)));
    for (const request of requests) {
      const url = new URL(request.target, sim.url);
      expect(
        checkRequest({ method: request.method, pathname: url.pathname, query: url.searchParams, body: request.body }).problems,
        request.target,
      ).toEqual([]);
      expect(request.headers.accept).toBe('application/vnd.api+json');
      expect(request.headers.authorization).toMatch(/^Bearer \S+$/);
    }
    const token = String(requests[0]?.headers.authorization);
    for (const request of requests) {
      const response = await fetch(new URL(request.target, sim.url), {
        headers: { authorization: token, accept: 'application/vnd.api+json' },
      });
      const operation = findOperation('GET', new URL(request.target, sim.url).pathname)?.operation;
      if (!operation) throw new Error(`no operation for ${request.target}`);
      const problems = checkAnswer(operation, {
        status: response.status,
        contentType: response.headers.get('content-type') ?? undefined,
        body: await response.text(),
      });
      expect(problems, request.target).toEqual([]);
    }
  });

  it("answers errors in the description's shape: 404 for an unknown site, 400 for a bad request, 403 when forbidden", async () => {
    const sim = closeLater(await startPiwikSimulator({ sites: {}, forbidden: [] }));
    // The site is unknown, so the run fails; it still fetched a token to ask with.
    await runAction({ ...piwikInputs(sim, [SITE]), since: 'window' });
    const token = String(sim.requests.find((r) => r.endpoint === 'debugger')?.headers.authorization);
    const get = async (path: string) => {
      const response = await fetch(new URL(path, sim.url), { headers: { authorization: token } });
      return { status: response.status, body: (await response.json()) as { errors: { code: string; detail: string }[] } };
    };
    const missing = await get(`/api/tag/v1/${SITE}/versions/published`);
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0]?.code).toBe('NOT_FOUND_ERROR');
    const bad = await get(`/api/tag/v1/${SITE}/versions?page[limit]=0`);
    expect(bad.status).toBe(400);
    sim.forbid(['tagManager']);
    expect((await get(`/api/tag/v1/${SITE}/versions/published`)).status).toBe(403);
  });
});
