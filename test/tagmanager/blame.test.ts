import { describe, expect, it } from 'vitest';
import { blame, type Problem } from '../../src/tagmanager/blame.js';
import type { Publish, SiteTagManager } from '../../src/types.js';

/** The blame rule over plain data: any problem with a site and a first event (a broken-event group, a silence, a drop). */
const FROM = '2026-11-30T10:00:00Z';
const rule = { blameMinutes: 120, windowFrom: FROM };

function publish(version: string, publishedAt: string, changes: Publish['changes'] = []): Publish {
  return { versionId: `id-${version}`, version, publishedAt, changes, changeCount: changes.length };
}

const site = (...publishes: Publish[]): SiteTagManager => ({ publishes });
const problem = (firstSeen: string, parameters: string[] = []): Problem => ({ siteId: 's', firstSeen, parameters });

describe('blame', () => {
  it('lays a problem at the last publish before it, within the limit, naming the minutes', () => {
    const found = blame(
      problem('2026-11-30T10:45:30Z'),
      site(publish('41', '2026-11-30T10:05:00Z'), publish('42', '2026-11-30T10:42:00Z')),
      rule,
    );
    expect(found).toMatchObject({ version: '42', minutesAfter: 3, publishedAt: '2026-11-30T10:42:00Z' });
  });

  it('blames nothing that began before the publish, at the same second, or after the limit', () => {
    const tm = site(publish('42', '2026-11-30T10:30:00Z'));
    expect(blame(problem('2026-11-30T10:29:59Z'), tm, rule)).toBeUndefined();
    expect(blame(problem('2026-11-30T10:30:00Z'), tm, rule)).toBeUndefined();
    expect(blame(problem('2026-11-30T12:30:00Z'), tm, rule)).toMatchObject({ minutesAfter: 120 });
    expect(blame(problem('2026-11-30T12:30:01Z'), tm, rule)).toBeUndefined();
    expect(blame(problem('2026-11-30T10:40:00Z'), tm, { ...rule, blameMinutes: 5 })).toBeUndefined();
  });

  it('blames no publish before the window: the time before it was not seen', () => {
    expect(blame(problem('2026-11-30T10:03:00Z'), site(publish('42', '2026-11-30T09:59:00Z')), rule)).toBeUndefined();
    expect(blame(problem('2026-11-30T10:03:00Z'), undefined, rule)).toBeUndefined();
    expect(blame(problem('not a time'), site(publish('42', '2026-11-30T10:01:00Z')), rule)).toBeUndefined();
  });

  it('names the changed resources that send the parameter first: senders before droppers, tags before variables', () => {
    const changes: Publish['changes'] = [
      { type: 'edit', resource: 'variable', name: 'Order total', sends: ['dimension12'] },
      { type: 'edit', resource: 'tag', name: 'Old purchase', sentBefore: ['dimension12'] },
      { type: 'edit', resource: 'tag', name: 'GA4 purchase', sends: ['dimension12'] },
      { type: 'delete', resource: 'tag', name: 'Legacy', sentBefore: ['e_v'] },
      { type: 'add', resource: 'trigger', name: 'Checkout' },
    ];
    const found = blame(
      problem('2026-11-30T10:45:00Z', ['dimension12', 'e_v']),
      site(publish('42', '2026-11-30T10:42:00Z', changes)),
      rule,
    );
    expect(found?.suspects.map((s) => [s.change.name, s.parameter, s.dropped])).toEqual([
      ['GA4 purchase', 'dimension12', false],
      ['Order total', 'dimension12', false],
      ['Old purchase', 'dimension12', true],
    ]);
    expect(found?.changes).toHaveLength(5);
  });
});
