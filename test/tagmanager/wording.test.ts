import { describe, expect, it } from 'vitest';
import { afterPublishText, beganText, changesText, suspectText, versionNumber } from '../../src/tagmanager/wording.js';
import type { PublishBlame, TagManagerChange } from '../../src/types.js';

const edit = (resource: TagManagerChange['resource'], name: string): TagManagerChange => ({ type: 'edit', resource, name });

describe('the wording', () => {
  it('numbers a version as Tag Manager does', () => {
    expect(versionNumber(42, 0)).toBe('42');
    expect(versionNumber(42, 3)).toBe('42.3');
  });

  it('says when a problem began and what the publish changed, five changes at most', () => {
    const changes = [
      edit('tag', 'GA4 purchase'),
      edit('variable', 'Order total'),
      { type: 'add', resource: 'trigger', name: 'Checkout' } as const,
    ];
    const blame: PublishBlame = {
      version: '42',
      versionId: 'v',
      publishedAt: '2026-11-30T10:03:00Z',
      minutesAfter: 4,
      changes,
      changeCount: 3,
      suspects: [],
    };
    expect(beganText(blame)).toBe(
      'Began 4 min after Tag Manager version 42 was published (10:03 UTC). Changed in it: tag "GA4 purchase" (edited), variable "Order total" (edited), trigger "Checkout" (added).',
    );
    expect(beganText({ ...blame, minutesAfter: 0, changes: [], changeCount: 0 })).toBe(
      'Began less than a minute after Tag Manager version 42 was published (10:03 UTC).',
    );
    const seven = Array.from({ length: 7 }, (_, i) => edit('tag', `T${i}`));
    expect(changesText(seven, 9)).toBe(
      'tag "T0" (edited), tag "T1" (edited), tag "T2" (edited), tag "T3" (edited), tag "T4" (edited) and 4 more',
    );
  });

  it('names the resource behind the parameter', () => {
    expect(suspectText({ change: edit('tag', 'GA4 purchase'), parameter: 'dimension12', dropped: false }, '42')).toBe(
      'tag "GA4 purchase" changed in version 42 sends `dimension12`',
    );
    expect(suspectText({ change: edit('tag', 'Cart'), parameter: 'ec_products', dropped: true }, '42')).toBe(
      'tag "Cart" changed in version 42 no longer sends `ec_products`',
    );
    expect(suspectText({ change: { type: 'delete', resource: 'variable', name: 'V' }, parameter: 'e_v', dropped: false }, '7.1')).toBe(
      'variable "V" deleted in version 7.1 sent `e_v`',
    );
  });

  it('confirms a publish', () => {
    const noun = (n: number) => (n === 1 ? 'broken event' : 'broken events');
    expect(afterPublishText({ version: '42', publishedAt: '', minutesAgo: 12, eventsSince: 0 }, noun)).toBe(
      'Version 42 published 12 min ago: 0 broken events since',
    );
    expect(afterPublishText({ version: '42', publishedAt: '', minutesAgo: 12, eventsSince: 1 }, noun, 'page views as before')).toBe(
      'Version 42 published 12 min ago: 1 broken event since, page views as before',
    );
  });
});
