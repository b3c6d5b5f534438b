import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig, ConfigError } from '../../src/config.js';
import { parseRoutes, routeSecrets } from '../../src/config/routes-parse.js';

const WEBHOOK = 'https://hooks.slack.com/services/T000/B000/SECRETPART';
const problem = (raw: string) => {
  const parsed = parseRoutes(raw);
  return 'problem' in parsed ? parsed.problem : undefined;
};
const rules = (raw: string) => {
  const parsed = parseRoutes(raw);
  if ('problem' in parsed) throw new Error(parsed.problem);
  return parsed.value.rules;
};

describe('parseRoutes', () => {
  it('reads rules in order: sites, event types, messages and a destination keyed like the inputs', () => {
    const parsed = rules(
      [
        '# shops first',
        '- name: Shops',
        '  site: ["Shop *", 0B6F0B9C-1A2B-4C3D-8E9F-0A1B2C3D4E5F]',
        '  event-types: broken, excluded',
        `  slack-webhook-url: ${WEBHOOK}`,
        '  issue-assignees: "@alice, bob"',
        '- site: "Blog *"',
        '  message: [ec_products, Custom Dimension]',
        '  issue-labels: [team-blog]',
        '  teams-webhook-url: https://example.webhook.office.com/x',
        '  email-to: ops@example.com',
      ].join('\n'),
    );
    expect(parsed).toEqual([
      {
        line: 2,
        label: "'Shops' (line 2)",
        sites: ['Shop *', '0B6F0B9C-1A2B-4C3D-8E9F-0A1B2C3D4E5F'],
        eventTypes: [17, 18],
        destination: { 'slack-webhook-url': WEBHOOK, 'issue-assignees': ['alice', 'bob'] },
      },
      {
        line: 7,
        label: 'the rule at line 7',
        sites: ['Blog *'],
        messages: ['ec_products', 'custom dimension'],
        destination: {
          'issue-labels': ['team-blog'],
          'teams-webhook-url': 'https://example.webhook.office.com/x',
          'email-to': ['ops@example.com'],
        },
      },
    ]);
  });

  it('names the line of a bad rule and what it accepts, never the secret it holds', () => {
    expect(problem('- site: x\n  slack-webhook-url: http://hooks.example/SECRETPART')).toBe(
      "has a bad rule: rule at line 1: 'slack-webhook-url' must be an https URL; the value given is not one.",
    );
    expect(problem('- site: x\n  issue-labels: [a]\n- issue-labels: [b]')).toMatch(/^has a bad rule: rule at line 3: has no 'site'/);
    expect(problem('- site: x\n  event-types: brokn\n  issue-labels: a')).toMatch(/unknown event type 'brokn'/);
    expect(problem('- site: x\n  slack-channel: "#x"')).toMatch(/rule at line 1: has an unknown key 'slack-channel' \(line 2\)/);
    expect(problem('- site: x')).toMatch(/rule at line 1: says nothing about where its problems go/);
    expect(problem('site: x')).toMatch(/^must be a YAML list of rules/);
    expect(problem('- site: [x\n  - y: "')).toMatch(/^is not valid YAML: .*\(line \d+\)\.$/);
    expect(problem(`- site: x\n  slack-webhook-url: ${WEBHOOK}\n  slack-webhook-url: ${WEBHOOK}`)).not.toContain('SECRETPART');
  });

  it('reads a .yml path from the workspace, and says when it cannot', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'routes-'));
    await writeFile(join(folder, 'routes.yml'), '- site: "*"\n  issue-labels: all-sites\n');
    const parsed = parseRoutes('routes.yml', folder);
    expect('value' in parsed && parsed.value.rules[0]?.destination).toEqual({ 'issue-labels': ['all-sites'] });
    expect('problem' in parseRoutes('missing.yaml', folder) && parseRoutes('missing.yaml', folder)).toMatchObject({
      problem: 'names the file missing.yaml, which could not be read (ENOENT).',
    });
  });

  it('refuses a billion laughs', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 9 },
        (_, i) =>
          `${'bcdefghij'[i]}: &${'bcdefghij'[i]} [*${'abcdefghi'[i]}, *${'abcdefghi'[i]}, *${'abcdefghi'[i]}, *${'abcdefghi'[i]}, *${'abcdefghi'[i]}, *${'abcdefghi'[i]}, *${'abcdefghi'[i]}, *${'abcdefghi'[i]}, *${'abcdefghi'[i]}]`,
      ),
    ];
    expect(problem(`- site: x\n  issue-labels: l\n  x:\n${bomb.map((l) => `    ${l}`).join('\n')}`)).toBe('uses too many YAML aliases.');
  });

  it('gives its secrets to mask and scrub', () => {
    expect(routeSecrets({ rules: rules(`- site: x\n  slack-webhook-url: ${WEBHOOK}\n  webhook-url: https://example.com/hook`) })).toEqual([
      WEBHOOK,
      'https://example.com/hook',
    ]);
  });

  it('is a config problem that names the input before any request', () => {
    const read = (name: string) =>
      ({ 'instance-url': 'https://a.piwik.pro', 'site-id': 'all', 'client-id': 'i', 'client-secret': 's', routes: '- site: x' })[name];
    expect(() => parseConfig(read)).toThrow(ConfigError);
    expect(() => parseConfig(read)).toThrow(/^Invalid input: 'routes' has a bad rule: rule at line 1/);
  });
});
