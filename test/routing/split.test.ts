import { describe, expect, it } from 'vitest';
import { reportsByDestination } from '../../src/routing/split.js';
import { ruleForGroup, ruleForSite } from '../../src/routing/match.js';
import { destinationFor } from '../../src/routing/settings.js';
import type { RouteRule, Routing } from '../../src/config/routes.js';
import { makeGroup, makeReport, makeSite, SITE_A, SITE_B } from '../support/report-factory.js';

const SITE_C = '3f6c9a2e-5b1d-4e8f-9a7c-2d4b6e8f0a13';
const rule = (line: number, over: Partial<RouteRule>): RouteRule => ({
  line,
  label: `the rule at line ${line}`,
  sites: [],
  destination: {},
  ...over,
});
const DEFAULTS = {
  'slack-webhook-url': 'https://hooks.slack.com/services/D',
  'slack-mention': '<!here>',
  'issue-labels': ['broken-events'],
};

describe('matching', () => {
  const routing: Routing = {
    rules: [
      rule(1, { sites: ['*'], messages: ['ec_products'], destination: { 'slack-webhook-url': 'https://hooks.slack.com/services/E' } }),
      rule(5, { sites: ['shop *', SITE_B.toUpperCase()], destination: { 'slack-webhook-url': 'https://hooks.slack.com/services/S' } }),
    ],
  };

  it('takes the first rule that matches a group: by message before site, names and ids with * and in any case', () => {
    const shop = { siteId: SITE_A, name: 'Shop Berlin' };
    expect(ruleForGroup(routing, makeGroup({ message: 'Invalid EC_PRODUCTS json' }), shop)?.line).toBe(1);
    expect(ruleForGroup(routing, makeGroup({ message: 'Invalid e_v' }), shop)?.line).toBe(5);
    expect(ruleForGroup(routing, makeGroup({ siteId: SITE_B, message: 'x' }), { siteId: SITE_B })?.line).toBe(5);
    expect(ruleForGroup(routing, makeGroup({ siteId: SITE_C, message: 'x' }), { siteId: SITE_C, name: 'Blog' })).toBeUndefined();
  });

  it('gives a site to the first rule that takes all of its problems, not to one narrowed to a message', () => {
    expect(ruleForSite(routing, makeSite({ siteId: SITE_A, name: 'Shop Berlin' }))?.line).toBe(5);
    expect(ruleForSite(routing, makeSite({ siteId: SITE_C, name: 'Blog' }))).toBeUndefined();
  });

  it('fills in what a route leaves out from the inputs, but a webhook of its own mentions only whom it says', () => {
    expect(destinationFor(DEFAULTS, rule(1, { destination: { 'issue-labels': ['team'] } }))).toEqual({
      ...DEFAULTS,
      'issue-labels': ['team'],
    });
    expect(destinationFor(DEFAULTS, rule(1, { destination: { 'slack-webhook-url': 'https://hooks.slack.com/services/S' } }))).toEqual({
      'slack-webhook-url': 'https://hooks.slack.com/services/S',
      'issue-labels': ['broken-events'],
    });
  });
});

describe('reportsByDestination', () => {
  const shopGroup = makeGroup({ siteId: SITE_A, message: 'shop problem', alert: true, newCount: 3, count: 3 });
  const blogGroup = makeGroup({ siteId: SITE_C, message: 'blog problem', alert: true, newCount: 2, count: 5 });
  const report = makeReport({
    sites: [
      makeSite({ siteId: SITE_A, name: 'Shop 1', eventCount: 3 }),
      makeSite({ siteId: SITE_B, name: 'Shop 2', error: 'no access (HTTP 403).', complete: false }),
      makeSite({ siteId: SITE_C, name: 'Blog 1', eventCount: 5 }),
    ],
    groups: [shopGroup, blogGroup],
    warnings: ['Site Blog 1: stopped after 10 sessions.', 'A run-wide warning.'],
    errors: ['Could not check site Shop 2 (7c2e4d1a-9b8c-4f7e-a6d5-c4b3a2918070): no access (HTTP 403).'],
  });
  const routing: Routing = {
    rules: [rule(1, { sites: ['Shop *'], destination: { 'slack-webhook-url': 'https://hooks.slack.com/services/S' } })],
  };

  it('gives each destination its groups, its sites and their failures, counted again', () => {
    const parts = reportsByDestination(report, routing, DEFAULTS, ['slack-webhook-url', 'slack-mention']);
    expect(parts.map((p) => p.label)).toEqual(['route the rule at line 1', 'the defaults']);
    const [shops, rest] = parts;
    expect(shops?.report.groups).toEqual([shopGroup]);
    expect(shops?.report.sites.map((s) => s.name)).toEqual(['Shop 1', 'Shop 2']);
    expect(shops?.report.errors).toEqual(report.errors);
    expect(shops?.report.status).toBe('failed');
    expect(shops?.report.totals).toMatchObject({ events: 3, groups: 1, sites: 2, sitesFailed: 1 });
    expect(shops?.report.warnings).toEqual(['A run-wide warning.']);
    expect(rest?.report.groups).toEqual([blogGroup]);
    expect(rest?.report.errors).toEqual([]);
    expect(rest?.report.status).toBe('found');
    expect(rest?.report.warnings).toEqual(report.warnings);
    expect(rest?.destination['slack-mention']).toBe('<!here>');
    expect(shops?.destination['slack-mention']).toBeUndefined();
  });

  it('is the whole report at the inputs when there are no rules, and nothing without a webhook', () => {
    expect(reportsByDestination(report, { rules: [] }, DEFAULTS, ['slack-webhook-url'])).toEqual([
      { destination: DEFAULTS, label: 'the defaults', report },
    ]);
    expect(reportsByDestination(report, { rules: [] }, {}, ['slack-webhook-url'])).toEqual([]);
    // Problems of a route without a webhook of its own, and no default one: sent nowhere.
    expect(reportsByDestination(report, routing, {}, ['slack-webhook-url']).map((p) => p.report.groups)).toEqual([[shopGroup]]);
  });
});
