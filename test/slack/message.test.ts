import type { SectionBlock } from '@slack/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report.js';
import { blockText, DIGEST_LIMITS, SLACK_LIMITS, slackLimitViolations } from '../../src/slack/limits.js';
import { buildAllClear, buildDigest, buildFailureNotice, type DigestOptions, type SlackMessage } from '../../src/slack/message.js';
import type { Group, GroupState, RawRequest } from '../../src/types.js';
import { validateSlackPayload } from '../../simulator/slack.mjs';
import { hostileSlackText } from '../support/hostile-slack-text.js';
import { makeGroup, makeRawRequest, makeReport, makeSite, SITE_A, SITE_B } from '../support/report-factory.js';
import { fortyGroupReport, oversizedReport } from '../support/slack-reports.js';

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

/** The alerting groups' blocks: each opens with its badge. */
function groupSections(message: SlackMessage): SectionBlock[] {
  return sections(message).filter((s) => /^(🆕|🔴|📈|🔁|⚠️) (\*[A-Z]+\* )?[`_]/.test(s.text?.text ?? ''));
}

/** The message as a phone lays out its text: every block's text, one after another. */
function lines(message: SlackMessage): string[] {
  return texts(message).slice(1).join('\n').split('\n');
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
  const message = buildDigest(report, { mention: '<!subteam^S0123|@web-analytics>', runUrl: RUN_URL });

  it('names the change in the header and the notification text, totals second', () => {
    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: '🔴 1 new problem, 1 problem back on 0b6f0b9c…', emoji: true },
    });
    expect(message.text).toBe(
      "<!subteam^S0123|@web-analytics> 🔴 1 new problem, 1 problem back on 0b6f0b9c…: Invalid value for parameter 'idgoal': expected an integer and 1 more · 200 broken events in 3 groups in the last 60 minutes",
    );
    expect(sections(message)[0]?.text?.text).toBe(
      '<!subteam^S0123|@web-analytics> 200 broken events in 3 groups in the last 60 minutes; 1 site scanned.',
    );
  });

  it('gives each alerting group a compact block: message, counts, where, cause, fix, the offending parameter, the issue', () => {
    const [first, second] = groupSections(message).map((s) => s.text?.text ?? '');
    expect(first?.split('\n')).toEqual([
      "🆕 *NEW* `Invalid value for parameter 'idgoal': expected an integer`",
      `*120 events* in 40 sessions · 0b6f0b9c… · since 2025-03-04 09:02:11 UTC · <${ISSUE_URLS[0]}|issue #12>`,
      '📍 `/checkout`',
      "🔎 idgoal = 'abc' is not an integer: the tag sends a goal name where Piwik PRO expects the goal's numeric id",
      '🔧 Send the numeric goal id.',
      'Sent: `idgoal = abc`',
    ]);
    // No diagnosis: no cause, no fix; where it happened and the request's key line instead, never the whole raw request.
    expect(second?.split('\n').slice(2)).toEqual(['📍 `/`', 'Sent: `e_c = checkout`']);
    expect(JSON.stringify(message)).not.toContain('action_name = Checkout');
  });

  it('says when the offending value it shows was shortened', () => {
    const long = makeGroup({ state: 'new', sampleRequests: [makeRawRequest({ queryParams: { idgoal: 'z'.repeat(200_000) } })] });
    const [block] = groupSections(buildDigest(makeReport({ groups: [long] }))).map((s) => s.text?.text ?? '');
    expect(block?.split('\n').at(-1)).toBe(`Sent: \`idgoal = ${'z'.repeat(DIGEST_LIMITS.offendingValue)}…\` (shortened)`);
  });

  it('lists a known group that does not alert in one line, and counts silenced ones only', () => {
    const all = texts(message).join('\n');
    expect(all).toContain(
      "*Still happening* (known, no alert): 1 problem\n• `Invalid value for parameter 'idgoal': expected an integer` · 20 events · 0b6f0b9c…",
    );
    const silenced = makeGroup({
      message: 'Known noise from the staging tag',
      silenced: { rule: 'staging' },
      alert: false,
      state: 'ongoing',
      count: 14,
    });
    const withSilence = buildDigest(makeReport({ groups: [...report.groups, silenced] }), {});
    const text = texts(withSilence).join('\n');
    expect(text).toContain('🔕 1 silenced group, 14 events');
    expect(text).not.toContain('staging');
  });

  it('ends with the run link and the version', () => {
    const footer = message.blocks.at(-1);
    expect(footer?.type).toBe('context');
    expect(JSON.stringify(footer)).toContain(`<${RUN_URL}|Workflow run (job summary)>`);
  });

  it('says in the intro and the notification text when a site could not be checked', () => {
    const failed = makeReport({
      groups: [makeGroup({ state: 'new' })],
      sites: [
        makeSite({ eventCount: 12 }),
        makeSite({ siteId: SITE_B, error: 'HTTP 502 <!channel> from https://evil.example', complete: false }),
      ],
    });
    const m = buildDigest(failed, {});
    expect(m.text).toContain(' · could not check 1 of 2 sites · ');
    const all = texts(m).join('\n');
    // The failure once: one line, naming the site once.
    expect(all).toContain(`❌ Could not check site ${SITE_B}: HTTP 502 &lt;!channel&gt; from \`https://evil.example\``);
    expect(all.split(SITE_B)).toHaveLength(2 + 0);
    assertNoPayloadSequences(m);
  });

  it('shows only groups with new events in detail after a since cut', () => {
    const known = makeGroup({ state: 'ongoing', alert: false, newCount: 0, count: 30, message: 'Old problem before the cut' });
    const fresh = makeGroup({ state: 'new', alert: true, newCount: 2, count: 2, message: 'Fresh problem' });
    const m = buildDigest(makeReport({ groups: [known, fresh] }), {});
    expect(groupSections(m).map((s) => s.text?.text.split('\n')[0])).toEqual(['🆕 *NEW* `Fresh problem`']);
    expect(texts(m).join('\n')).toContain('*Known, no new events*: 1 problem\n• `Old problem before the cut` · 30 events · ');
    expect(texts(m).join('\n')).not.toMatch(/Still happening|none new/);
  });
});

describe('buildDigest: hostile payloads', () => {
  it('makes every payload field inert', () => {
    const evil = '<!channel> <@U123> <https://evil.example|click> ``` *x* &amp; @here #general';
    const group = makeGroup({
      message: evil,
      sampleUrls: [evil],
      sampleRequests: [makeRawRequest({ queryParams: { idgoal: evil, url: evil } })],
      diagnosis: {
        summary: `\`idgoal\` = \`${evil.replace(/`/g, 'ˋ')}\` is not an integer`,
        findings: [{ parameter: 'idgoal', value: evil, problem: 'is not', expected: 'an integer', hint: evil, severity: 'cause' }],
      },
      state: 'new',
    });
    const report = makeReport({ groups: [group], warnings: [evil], errors: [evil] });
    const message = buildDigest(report, { runUrl: RUN_URL });
    assertNoPayloadSequences(message);
    assertCodeBalanced(message);
    assertWithinLimits(message);
    const json = JSON.stringify(message);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<https://evil');
  });

  it('does not link unsafe issue URLs, and encodes | and > in ours', () => {
    const report = makeReport({
      groups: [
        makeGroup({ state: 'new', issue: { number: 1, url: 'javascript:alert(1)', action: 'created' } }),
        makeGroup({ state: 'new', issue: { number: 2, url: 'https://github.com/acme/shop/issues/2|<!channel>', action: 'commented' } }),
      ],
    });
    const all = texts(buildDigest(report, {})).join('\n');
    expect(all).toContain('· issue #1');
    expect(all).not.toContain('javascript:');
    expect(all).toContain('<https://github.com/acme/shop/issues/2%7C%3C!channel%3E|issue #2>');
  });
});

describe('buildDigest: limits', () => {
  it('fits one or two phone screens for 40 groups: at most 60 lines and 6,000 characters of text', () => {
    const message = buildDigest(fortyGroupReport(), { runUrl: RUN_URL });
    assertWithinLimits(message);
    expect(lines(message).length).toBeLessThanOrEqual(60);
    expect(blockText(message.blocks)).toBeLessThanOrEqual(6_000);
    expect(groupSections(message)).toHaveLength(DIGEST_LIMITS.groups);
    expect(texts(message).join('\n')).toMatch(/\*\+\d+ more alerting groups\* \(/);
  });

  it('cuts every oversized field, and stays within the phone budget', () => {
    const { report, huge } = oversizedReport();
    const message = buildDigest(report, { mention: huge });
    assertWithinLimits(message);
    expect(blockText(message.blocks)).toBeLessThanOrEqual(6_000);
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
      arbitrary: hostileSlackText({ pieces: 12, pieceLength: 30 }),
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
  });

  it('stays within every limit, counts what it does not show, and lets no payload sequence live', () => {
    fc.assert(
      fc.property(groups, options, fc.array(text, { maxLength: 6 }), fc.array(text, { maxLength: 6 }), (gs, opts, warnings, errors) => {
        const sorted = [...gs].sort((a, b) => b.count - a.count);
        const report = makeReport({ groups: sorted, warnings, errors });
        const message = buildDigest(report, opts);

        assertWithinLimits(message);
        assertNoPayloadSequences(message, opts.mention);
        assertCodeBalanced(message);

        // Alerting groups get a block each, up to the cap; the rest are counted, never dropped silently.
        const alerting = sorted.filter((g) => !g.silenced && g.alert !== false);
        const shown = groupSections(message).length;
        expect(shown).toBeLessThanOrEqual(Math.min(alerting.length, DIGEST_LIMITS.groups));
        if (shown < alerting.length) expect(texts(message).join('\n')).toContain(`*+${alerting.length - shown} more alerting group`);
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
    expect(all).toContain("1 of them was not scanned completely (capped by 'max-sessions')");
    expect(all).toContain('No broken events in the last 60 minutes; 2 sites scanned.');
    // Clean sites are counted, never listed.
    expect(all).not.toContain(SITE_B.slice(0, 8));
    expect(all).toContain(`<${RUN_URL}|Workflow run (job summary)>`);
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
    expect(message.text).toBe('<@U0123ABC> ❌ Piwik PRO: Piwik PRO answered HTTP 401: &lt;!channel&gt; ˋinvalid_clientˋ (and 1 more)');
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
    const report = makeReport({ errors: ['The run’s time budget of 60 s was spent before the scan finished.'] });
    const message = buildFailureNotice(report, {});
    expect(message.text).toBe('❌ Piwik PRO: The run’s time budget of 60 s was spent before the scan finished.');
    expect(message.blocks[0]).toMatchObject({ text: { text: '❌ Piwik PRO the check did not finish' } });
    assertWithinLimits(message);
  });

  it('says why a site without an error was incomplete: unreadable lines are not the cap', () => {
    const unreadable = makeSite({ siteId: SITE_B, complete: false, malformedLines: 2 });
    const all = texts(buildAllClear(makeReport({ sites: [makeSite(), unreadable] }), { runUrl: RUN_URL })).join('\n');
    expect(all).toContain('1 of them was not scanned completely (lines of the answer could not be read)');
    expect(all).not.toContain('max-sessions');
  });
});
