import type { SectionBlock } from '@slack/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report.js';
import { blockText, DIGEST_LIMITS, SLACK_LIMITS, slackLimitViolations } from '../../src/slack/limits.js';
import { buildAllClear, buildDigest, buildFailureNotice, type DigestOptions, type SlackMessage } from '../../src/slack/message.js';
import type { Group, GroupState, RawRequest } from '../../src/types.js';
import { validateSlackPayload } from '../../simulator/slack.mjs';
import { makeGroup, makeRawRequest, makeReport, makeSite, SITE_A, SITE_B } from '../support/report-factory.js';

const RUN_URL = 'https://github.com/acme/shop/actions/runs/123456789';
const ISSUE_URLS = [
  'https://github.com/acme/shop/issues/12',
  'https://github.com/acme/shop/issues/13',
  'https://github.com/acme/shop/issues/14',
];
/** Our own links: the only `<…|…>` a message may hold. */
const OWN_LINK = /^<https:\/\/github\.com\/acme\/shop\/(?:actions\/runs\/\d+|issues\/\d+)\|[^<>|]+>$/;

// ---------------------------------------------------------------------------
// Helpers

function texts(message: SlackMessage): string[] {
  const out = [message.text];
  for (const block of message.blocks) {
    if (block.type === 'header') out.push(block.text.text);
    if (block.type === 'section') out.push(...(block.text ? [block.text.text] : []), ...(block.fields ?? []).map((f) => f.text));
    if (block.type === 'context') for (const e of block.elements) if ('text' in e && typeof e.text === 'string') out.push(e.text);
  }
  return out;
}

/**
 * What Slack would read as a control sequence: anything in `<…>`. Each must be
 * the trusted mention or one of our own links; no `<` or `>` may be left once
 * they are taken out (payload ones are all escaped).
 */
function assertNoPayloadSequences(message: SlackMessage, mention?: string): void {
  for (const text of texts(message)) {
    let rest = mention ? text.split(mention).join('') : text;
    for (const sequence of rest.match(/<[^<>]*>/g) ?? []) {
      expect(sequence, `a live sequence in ${JSON.stringify(text.slice(0, 200))}`).toMatch(OWN_LINK);
    }
    rest = rest.replace(/<[^<>]*>/g, '');
    expect(rest).not.toMatch(/[<>]/);
    // Every & begins an entity we wrote: payload `&lt;` shows as text, never as `<`.
    expect(rest).not.toMatch(/&(?!amp;|lt;|gt;)/);
  }
}

/** Code blocks and spans are balanced: payload backticks never close or open one. */
function assertCodeBalanced(message: SlackMessage): void {
  for (const block of message.blocks) {
    if (block.type !== 'section' || !block.text) continue;
    const text = block.text.text;
    const fences = text.split('```').length - 1;
    expect(fences % 2, text).toBe(0);
    const outside = text.split(/```[\s\S]*?```/).join('');
    expect((outside.split('`').length - 1) % 2, text).toBe(0);
  }
}

function sections(message: SlackMessage): SectionBlock[] {
  return message.blocks.filter((b): b is SectionBlock => b.type === 'section');
}

function groupSections(message: SlackMessage): SectionBlock[] {
  return sections(message).filter((s) => s.text?.text.includes('fingerprint `'));
}

function fingerprintsShown(message: SlackMessage): string[] {
  return groupSections(message).map((s) => /fingerprint `([^`]+)`/.exec(s.text?.text ?? '')?.[1] ?? '');
}

function assertWithinLimits(message: SlackMessage): void {
  expect(slackLimitViolations(message)).toEqual([]);
  expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  expect(message.text.length).toBeLessThan(4000);
  expect(blockText(message.blocks)).toBeLessThanOrEqual(SLACK_LIMITS.blockTextTotal);
  // The sink is an independent reading of the same limits.
  expect(validateSlackPayload(JSON.parse(JSON.stringify(message)))).toBeUndefined();
}

function typicalReport(): Report {
  return makeReport({
    groups: [
      makeGroup({
        count: 120,
        sessionCount: 40,
        state: 'new',
        newCount: 120,
        issue: { number: 12, url: ISSUE_URLS[0], action: 'created' },
      }),
      makeGroup({
        count: 60,
        sessionCount: 22,
        eventType: 1,
        message: "Invalid value for parameter 'idsite': site does not exist",
        state: 'regressed',
        newCount: 15,
        diagnosis: undefined,
        sampleUrls: ['https://shop.example/'],
      }),
      makeGroup({ count: 20, sessionCount: 3, state: 'ongoing', alert: false, sampleRequests: [] }),
    ],
  });
}

// ---------------------------------------------------------------------------

describe('buildDigest: content', () => {
  const report = typicalReport();
  const message = buildDigest(report, { mention: '<!subteam^S0123|@web-analytics>', runUrl: RUN_URL, issueUrls: ISSUE_URLS.slice(0, 1) });

  it('opens with a header saying what was found', () => {
    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: '⚠️ Piwik PRO: 200 broken events in 3 groups', emoji: true },
    });
  });

  it('puts the mention, as given, at the start of the first section, with the sites and the window', () => {
    const first = sections(message).at(0);
    expect(
      first?.text?.text.startsWith('<!subteam^S0123|@web-analytics> *200 broken events* in *3 groups* on 1 site in the last 60 minutes.'),
    ).toBe(true);
    const fields = first?.fields?.map((f) => f.text).join('\n') ?? '';
    expect(fields).toContain(`\`${SITE_A}\``);
    expect(fields).toContain('2025-03-04 09:00:00 – 2025-03-04 10:00:00');
    expect(fields).toContain('1 new · 1 regressed · 1 ongoing');
  });

  it('has the notification text with the mention and the largest group', () => {
    expect(message.text).toBe(
      "<!subteam^S0123|@web-analytics> ⚠️ Piwik PRO: 200 broken events in 3 groups on 1 site, last 60 minutes. Largest: 120 × Custom event: Invalid value for parameter 'idgoal': expected an integer",
    );
    expect(message.unfurl_links).toBe(false);
    expect(message.unfurl_media).toBe(false);
  });

  it('has one section per group, largest first, each with what a human needs', () => {
    const [first, second, third] = groupSections(message).map((s) => s.text?.text ?? '');
    expect(first).toMatch(/^🆕 \*NEW\* · \*Custom event\* · \*120 events\* in 40 sessions\n/);
    expect(first).toContain("`Invalid value for parameter 'idgoal': expected an integer`");
    expect(first).toContain('First seen 2025-03-04 09:02:11 · last seen 2025-03-04 09:58:40 UTC');
    expect(first).toContain("🔎 idgoal = 'abc' is not an integer");
    expect(first).toContain('Tag: category `checkout` · action `submit` · page title `Checkout`');
    expect(first).toContain('Pages: `https://shop.example/checkout?step=2` · `https://shop.example/cart`');
    expect(first).toContain(`Issue <${ISSUE_URLS[0]}|#12> (created)`);
    expect(first).toMatch(/```\nGET https:\/\/example\.piwik\.pro · [^\n]+\nidsite = [^\n]+\n[\s\S]*idgoal = abc\n[\s\S]*```$/);

    expect(second).toMatch(/^🔴 \*REGRESSED\* · \*Page view\* · \*60 events\* \(15 new\) in 22 sessions\n/);
    expect(second).not.toContain('🔎');
    expect(second).toContain('Page: `https://shop.example/`');

    expect(third).toMatch(/^🔁 \*ONGOING\* 🔕 no alert · /);
    expect(third).toContain('_No raw request available._');
  });

  it('shows sample URLs as code, never as links', () => {
    for (const section of groupSections(message)) {
      expect(section.text).toMatchObject({ verbatim: true });
      expect(section.text?.text).not.toMatch(/<https:\/\/shop/);
    }
  });

  it('ends with the run link, the issues of this run and the version', () => {
    const last = message.blocks[message.blocks.length - 1];
    expect(last).toEqual({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: `🔗 <${RUN_URL}|Workflow run>`, verbatim: true },
        { type: 'mrkdwn', text: `📋 GitHub issue: <${ISSUE_URLS[0]}|#12>`, verbatim: true },
        { type: 'mrkdwn', text: 'piwik-pro-broken-event-checker 0.1.0', verbatim: true },
      ],
    });
  });

  it('stays within every limit and needs no "+N more" line', () => {
    assertWithinLimits(message);
    expect(texts(message).join('\n')).not.toContain('more group');
  });

  it('falls back to the report run URL, and does without one', () => {
    const withReportUrl = buildDigest(report, {});
    expect(JSON.stringify(withReportUrl)).toContain(`<${report.run.url}|Workflow run>`);
    const noUrl = buildDigest(makeReport({ groups: report.groups, run: {} }), {});
    expect(JSON.stringify(noUrl)).not.toContain('Workflow run');
    assertWithinLimits(noUrl);
  });

  it('shows the site of each group when there are several sites', () => {
    const two = buildDigest(makeReport({ groups: [makeGroup({ count: 3 }), makeGroup({ count: 2, siteId: SITE_B })] }), {});
    const [a, b] = groupSections(two).map((s) => s.text?.text ?? '');
    expect(a).toContain(`site \`${SITE_A}\``);
    expect(b).toContain(`site \`${SITE_B}\``);
    const single = buildDigest(makeReport({ groups: [makeGroup()] }), {});
    expect(groupSections(single)[0]?.text?.text).not.toContain('site `');
  });

  it('says "matching events" when more than broken events were asked for', () => {
    const report2 = makeReport({
      groups: [makeGroup()],
      eventTypes: [
        { id: 17, label: 'Broken event' },
        { id: 18, label: 'Excluded event' },
      ],
    });
    expect(buildDigest(report2, {}).text).toContain('12 matching events in 1 group');
  });

  it('says how many events are new since the cut when the run tracks it', () => {
    const report2 = makeReport({
      groups: [makeGroup({ state: 'new' })],
      alerting: {
        since: 'auto',
        cut: '2025-03-04T09:30:00Z',
        cutSource: 'the previous successful run',
        notify: 'changes',
        newEvents: 7,
        alreadyReported: 5,
        alertingGroups: 1,
        silencedGroups: 0,
        alert: true,
      },
    });
    const fields = sections(buildDigest(report2, {}))[0]?.fields?.map((f) => f.text) ?? [];
    expect(fields).toContain('*New since the previous successful run*\n7 events (cut 2025-03-04 09:30:00 UTC)');
  });

  it('marks silenced groups with their rule', () => {
    const report2 = makeReport({ groups: [makeGroup({ alert: false, silenced: { rule: 'idgoal*', until: '2025-04-01T00:00:00Z' } })] });
    expect(groupSections(buildDigest(report2, {}))[0]?.text?.text).toMatch(/^🔕 silenced by `idgoal\*` until 2025-04-01 00:00:00 · /);
  });

  it('notes a failed scan and quotes its errors escaped', () => {
    const failed = makeReport({
      groups: [makeGroup()],
      sites: [
        makeSite({ eventCount: 12 }),
        makeSite({ siteId: SITE_B, error: 'HTTP 502 <!channel> from https://evil.example', complete: false }),
      ],
    });
    const message2 = buildDigest(failed, {});
    const all = texts(message2).join('\n');
    expect(all).toContain('❌ The scan failed for 1 of 2 sites');
    expect(all).toContain(`❌ Could not check site ${SITE_B}: HTTP 502 &lt;!channel&gt; from https:\u200b//evil.example`);
    assertNoPayloadSequences(message2);
  });

  it('puts groups that do not alert after the alerting ones, keeping size order within each', () => {
    const groups = [
      makeGroup({ count: 50, alert: false }),
      makeGroup({ count: 40, alert: true }),
      makeGroup({ count: 30 }),
      makeGroup({ count: 20, alert: false }),
      makeGroup({ count: 10, alert: true }),
    ];
    const order = fingerprintsShown(buildDigest(makeReport({ groups }), {}));
    const byCount = (n: number): string => groups.find((g) => g.count === n)?.fingerprint ?? '';
    expect(order).toEqual([byCount(40), byCount(30), byCount(10), byCount(50), byCount(20)]);
  });
});

describe('buildDigest: hostile payloads', () => {
  const evil =
    '<!channel> <!here> <@U123> <#C123> <!subteam^S1> <https://evil.example|click me> ``` `x` & &lt;!everyone&gt; @here #general';

  it('makes every payload field inert', () => {
    const group = makeGroup({
      message: evil,
      eventTypeLabel: evil,
      sampleUrls: [`https://evil.example/?q=${evil}`, evil],
      sampleRequests: [makeRawRequest({ queryParams: { [evil]: evil, url: evil }, headers: [[evil, evil]], host: evil, id: evil })],
      diagnosis: { summary: evil, findings: [] },
      sampleContext: { title: evil, customEventCategory: evil, customEventAction: evil, customEventName: evil, goalId: evil },
      silenced: { rule: evil },
      state: 'new',
    });
    const report = makeReport({ groups: [group], warnings: [evil], errors: [evil], status: 'found' });
    const message = buildDigest(report, { runUrl: RUN_URL, issueUrls: ISSUE_URLS });
    assertNoPayloadSequences(message);
    assertCodeBalanced(message);
    assertWithinLimits(message);
    const json = JSON.stringify(message);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<@U123>');
    expect(json).not.toContain('<https://evil');
  });

  it('does not link unsafe issue URLs, and encodes | and > in ours', () => {
    const report = makeReport({
      groups: [
        makeGroup({ issue: { number: 1, url: 'javascript:alert(1)', action: 'created' } }),
        makeGroup({ issue: { number: 2, url: 'https://github.com/acme/shop/issues/2|<!channel>', action: 'commented' } }),
      ],
    });
    const message = buildDigest(report, { issueUrls: ['javascript:alert(1)', 'https://github.com/acme/shop/issues/3'] });
    const all = texts(message).join('\n');
    expect(all).toContain('Issue #1 (created)');
    expect(all).not.toContain('javascript:');
    expect(all).toContain('<https://github.com/acme/shop/issues/2%7C%3C!channel%3E|#2>');
    expect(all).toContain('<https://github.com/acme/shop/issues/3|#3>');
  });

  it('never lets the raw request close its code block', () => {
    const message = buildDigest(
      makeReport({ groups: [makeGroup({ sampleRequests: [makeRawRequest({ queryParams: { a: '```\n*bold* <!here>\n```', b: '`' } })] })] }),
      {},
    );
    assertCodeBalanced(message);
    const text = groupSections(message)[0]?.text?.text ?? '';
    expect(text.match(/```/g)).toHaveLength(2);
    expect(text).toContain('a = ˋˋˋ\\n*bold* &lt;!here&gt;\\nˋˋˋ');
  });
});

describe('buildDigest: limits', () => {
  const huge = 'x&<'.repeat(5_000);

  it('cuts every oversized field and shows the rest as "+N more groups"', () => {
    const groups = Array.from({ length: 200 }, (_, i) =>
      makeGroup({
        count: 1000 - i,
        message: huge,
        eventTypeLabel: huge,
        sampleUrls: [huge, huge, huge],
        sampleRequests: [makeRawRequest({ queryParams: Object.fromEntries(Array.from({ length: 100 }, (_, j) => [`p${j}`, huge])) })],
        diagnosis: { summary: huge, findings: [] },
        sampleContext: { title: huge, customEventCategory: huge, customEventAction: huge, customEventName: huge, goalId: huge },
        silenced: { rule: huge, until: huge },
        issue: { number: i, url: `https://github.com/acme/shop/issues/${i}`, action: 'created' },
        state: 'regressed',
        siteId: i % 2 === 0 ? SITE_A : SITE_B,
      }),
    );
    const report = makeReport({
      groups,
      warnings: Array.from({ length: 50 }, () => huge),
      errors: Array.from({ length: 50 }, () => huge),
      sites: Array.from({ length: 100 }, (_, i) => makeSite({ siteId: `${huge}${i}`, eventCount: 10 })),
    });
    const message = buildDigest(report, {
      mention: '<!here> '.repeat(2_000),
      runUrl: RUN_URL,
      issueUrls: Array.from({ length: 500 }, (_, i) => `https://github.com/acme/shop/issues/${i}`),
    });
    assertWithinLimits(message);
    assertCodeBalanced(message);
    const shown = groupSections(message).length;
    expect(shown).toBeGreaterThanOrEqual(1);
    expect(shown).toBeLessThanOrEqual(DIGEST_LIMITS.groups);
    const more = sections(message).at(-1)?.text?.text ?? '';
    expect(more).toContain(`*+${200 - shown} more groups*`);
    expect(more).toContain(`<${RUN_URL}|run summary>`);
    expect(message.blocks.at(-1)?.type).toBe('context');
  });

  it('shows at most ten groups, then says how many more', () => {
    const groups = Array.from({ length: 40 }, (_, i) =>
      makeGroup({ count: 100 - i, sampleRequests: [], diagnosis: undefined, sampleUrls: [] }),
    );
    const message = buildDigest(makeReport({ groups }), {});
    expect(groupSections(message)).toHaveLength(DIGEST_LIMITS.groups);
    expect(sections(message).at(-1)?.text?.text).toContain('*+30 more groups* (');
    assertWithinLimits(message);
  });

  it('copes with a report without groups', () => {
    const message = buildDigest(makeReport({ groups: [], status: 'found' }), {});
    assertWithinLimits(message);
    expect(groupSections(message)).toHaveLength(0);
  });
});

describe('buildDigest: any report', () => {
  const text = fc.oneof(
    {
      weight: 12,
      arbitrary: fc
        .array(
          fc.oneof(
            fc.string({ unit: 'binary', maxLength: 30 }),
            fc.constantFrom(
              '<!channel>',
              '<!here>',
              '<@U1>',
              '<#C1>',
              '<http://x|y>',
              '<https://evil.example|z>',
              '`',
              '```',
              '&',
              '&amp;',
              '@here',
              '\n',
            ),
          ),
          { maxLength: 12 },
        )
        .map((p) => p.join('')),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1_000, maxLength: 5_000 }) },
  );
  const opt = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });

  const request: fc.Arbitrary<RawRequest> = fc.record({
    id: text,
    time: text,
    method: text,
    scheme: text,
    host: opt(text),
    headers: fc.array(fc.tuple(text, text), { maxLength: 3 }),
    queryParams: fc.dictionary(text, text, { maxKeys: 8 }),
  });

  const group: fc.Arbitrary<Group> = fc
    .record({
      message: text,
      eventTypeLabel: text,
      count: fc.nat({ max: 1_000_000_000 }),
      sessionCount: fc.nat({ max: 1_000_000 }),
      newCount: opt(fc.nat({ max: 1_000_000 })),
      firstSeen: text,
      lastSeen: text,
      siteId: fc.oneof(fc.constantFrom(SITE_A, SITE_B), text),
      sampleUrls: fc.array(text, { maxLength: 3 }),
      sampleRequests: fc.array(request, { maxLength: 1 }),
      sampleContext: fc.record({
        title: opt(text),
        customEventCategory: opt(text),
        customEventAction: opt(text),
        customEventName: opt(text),
        goalId: opt(text),
      }),
      diagnosis: opt(fc.record({ summary: text, findings: fc.constant([]) })),
      state: opt(fc.constantFrom<GroupState>('new', 'ongoing', 'regressed')),
      alert: opt(fc.boolean()),
      silenced: opt(fc.record({ rule: text, until: opt(text) })),
      issue: opt(
        fc.record({
          number: fc.nat(),
          url: fc.constantFrom(...ISSUE_URLS),
          action: fc.constantFrom('created' as const, 'commented' as const, 'unchanged' as const),
        }),
      ),
    })
    .map((fields) => makeGroup(fields));

  const groups = fc.oneof(fc.array(group, { maxLength: 12 }), fc.array(group, { minLength: 150, maxLength: 200 }));
  const options: fc.Arbitrary<DigestOptions> = fc.record({
    mention: opt(fc.constantFrom('<!here>', '<!channel>', '<@U0123ABC>', '<!subteam^S0123|@oncall>')),
    runUrl: opt(fc.constant(RUN_URL)),
    issueUrls: opt(fc.array(fc.constantFrom(...ISSUE_URLS), { maxLength: 30 })),
  });

  it('stays within every limit, shows groups in order, and lets no payload sequence live', () => {
    fc.assert(
      fc.property(groups, options, fc.array(text, { maxLength: 6 }), fc.array(text, { maxLength: 6 }), (gs, opts, warnings, errors) => {
        const sorted = [...gs].sort((a, b) => b.count - a.count);
        const report = makeReport({ groups: sorted, warnings, errors, status: errors.length > 0 ? 'failed' : 'found' });
        const message = buildDigest(report, opts);

        assertWithinLimits(message);
        assertNoPayloadSequences(message, opts.mention);
        assertCodeBalanced(message);

        const expected = [...sorted.filter((g) => g.alert !== false), ...sorted.filter((g) => g.alert === false)].map((g) => g.fingerprint);
        const shown = fingerprintsShown(message);
        expect(shown).toEqual(expected.slice(0, shown.length));
        if (shown.length < sorted.length) {
          expect(sections(message).at(-1)?.text?.text).toContain(`*+${sorted.length - shown.length} more group`);
        }
        if (sorted.length > 0) expect(shown.length).toBeGreaterThan(0);
        if (opts.mention) expect(sections(message)[0]?.text?.text.startsWith(`${opts.mention} `)).toBe(true);
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('keeps the all-clear and failure notices within limits too', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 30 }), fc.array(text, { maxLength: 6 }), options, (siteErrors, warnings, opts) => {
        const sites = siteErrors.map((error, i) =>
          makeSite({ siteId: `${SITE_A.slice(0, -4)}${String(i).padStart(4, '0')}`, error: error || undefined, complete: !error }),
        );
        const report = makeReport({ sites: sites.length > 0 ? sites : [makeSite()], warnings });
        for (const message of [buildAllClear(report, opts), buildFailureNotice(report, opts)]) {
          assertWithinLimits(message);
          assertNoPayloadSequences(message, opts.mention);
        }
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});

describe('buildAllClear', () => {
  it('is short, has no mention, and says when a site was not scanned completely', () => {
    const report = makeReport({ sites: [makeSite(), makeSite({ siteId: SITE_B, capped: true, complete: false })] });
    const message = buildAllClear(report, { mention: '<!here>', runUrl: RUN_URL });
    expect(message.text).toBe('✅ Piwik PRO: no broken events on 2 sites, last 60 minutes.');
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { text: '✅ Piwik PRO: no broken events' } });
    const all = texts(message).join('\n');
    expect(all).not.toContain('<!here>');
    expect(all).toContain('1 of them was not scanned completely (capped by max-sessions)');
    expect(all).toContain(`<${RUN_URL}|Workflow run>`);
    expect(message.blocks.length).toBeLessThanOrEqual(4);
    assertWithinLimits(message);
  });
});

describe('buildFailureNotice', () => {
  it('names each site it could not check and why, escaped, with the mention', () => {
    const report = makeReport({
      sites: [
        makeSite({ error: 'Piwik PRO answered HTTP 401: <!channel> `invalid_client`', complete: false }),
        makeSite({ siteId: SITE_B, error: 'Piwik PRO answered HTTP 401: <!channel> `invalid_client`', complete: false }),
      ],
      errors: ['Piwik PRO answered HTTP 401: <!channel> `invalid_client`', 'time budget spent'],
    });
    const message = buildFailureNotice(report, { mention: '<@U0123ABC>', runUrl: RUN_URL });
    expect(message.text).toBe(
      `<@U0123ABC> ❌ Piwik PRO: the monitor could not check site ${SITE_A} (and 1 more site): Piwik PRO answered HTTP 401: &lt;!channel&gt; ˋinvalid_clientˋ`,
    );
    const [intro, details] = sections(message).map((s) => s.text?.text ?? '');
    expect(intro).toBe('<@U0123ABC> The monitor could not check 2 of 2 sites in the last 60 minutes.');
    // A reason the whole run had is said once, not again per site.
    expect(details).toBe('• Piwik PRO answered HTTP 401: &lt;!channel&gt; ˋinvalid_clientˋ\n• time budget spent');
    assertNoPayloadSequences(message, '<@U0123ABC>');
    assertWithinLimits(message);
  });

  it('mentions what was found where it could look', () => {
    const report = makeReport({
      groups: [makeGroup()],
      sites: [makeSite({ eventCount: 12 }), makeSite({ siteId: SITE_B, error: 'boom' })],
    });
    const all = texts(buildFailureNotice(report, {})).join('\n');
    expect(all).toContain('Where it could look, it found *12 broken events* in *1 group*');
  });

  it('works when the errors name no site', () => {
    const report = makeReport({ errors: ['The run’s time budget of 60 s was spent before the scan finished.'], status: 'failed' });
    const message = buildFailureNotice(report, {});
    expect(message.text).toContain('could not finish its check: The run’s time budget');
    assertWithinLimits(message);
  });
});
