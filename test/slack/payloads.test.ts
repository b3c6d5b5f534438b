import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Report } from '../../src/report/report.js';
import type { MessageBlock } from '../../src/slack/blocks.js';
import { blockText, SLACK_LIMITS, slackLimitViolations } from '../../src/slack/limits.js';
import { buildAllClear, buildDigest, buildFailureNotice, type SlackMessage } from '../../src/slack/message.js';
import type { WatchSummary } from '../../src/watch/types.js';
import { validateSlackPayload } from '../../simulator/slack.mjs';
import { readGolden } from '../../scripts/doc-examples.mjs';
import { makeGroup, makeReport, makeSite, SITE_A, SITE_B } from '../support/report-factory.js';
import { fortyGroupReport, oversizedReport } from '../support/slack-reports.js';

/**
 * Every Slack payload shape production builds, each through both readings
 * of Slack's limits: the one the messages are cut by (src/slack/limits.ts)
 * and the sink's independent one (simulator/slack.mjs, which answers as
 * Slack does). The blocks are typed by @slack/types, so a wrong shape fails
 * `tsc` before any of this runs.
 */

const RUN_URL = 'https://github.com/acme/shop/actions/runs/123456789';
const MENTION = '<!subteam^S0123|@web-analytics>';
const HOSTILE = '<!channel> <@U1> <https://evil.example|x> ``` &amp; \u202e @here #general';

function watched(report: Report, outcome: WatchSummary['outcome']): Report {
  const watch: WatchSummary = {
    since: '2025-03-04T09:30:00.000Z',
    sinceSource: 'the start of the watch',
    minutes: 30,
    intervalSeconds: 30,
    polls: 12,
    failedPolls: outcome === 'failed' ? 12 : 1,
    watchedSeconds: 360,
    outcome,
  };
  return { ...report, watch };
}

const failedSite = makeSite({ siteId: SITE_B, error: `no access (HTTP 404) ${HOSTILE}`, complete: false });
const manyFailedSites = Array.from({ length: 30 }, (_, i) =>
  makeSite({ siteId: `${SITE_A.slice(0, -4)}${String(i).padStart(4, '0')}`, error: `HTTP 50${i % 4}: ${HOSTILE}`, complete: false }),
);
const sinceCut = makeReport({
  groups: [
    makeGroup({ state: 'ongoing', alert: false, newCount: 0, count: 30, message: 'Old problem before the cut' }),
    makeGroup({ state: 'new', alert: true, newCount: 2, count: 2, message: 'Fresh problem' }),
  ],
});
const partialFailure = makeReport({
  groups: [makeGroup({ state: 'new', alert: true, message: HOSTILE })],
  sites: [makeSite({ eventCount: 12, matchedSessions: 7 }), failedSite],
});
const found = watched(makeReport({ groups: [makeGroup({ state: 'new', alert: true, newCount: 3 })] }), 'found');

/** Each kind of message, named, as the pipeline builds it (chooseMessage picks one of these builders per run). */
const PAYLOADS: [string, SlackMessage][] = [
  // As the golden run posted it (test/golden/renderers.test.ts checks it is buildDigest's).
  ['digest: new, back, still happening, silenced, a capped site', JSON.parse(readGolden('slack-digest.json')) as SlackMessage],
  ['digest after a since cut', buildDigest(sinceCut, { runUrl: RUN_URL })],
  ['digest of 40 groups', buildDigest(fortyGroupReport(), { runUrl: RUN_URL })],
  ['digest of hostile, oversized input', buildDigest(oversizedReport().report, { mention: oversizedReport().huge })],
  ['digest with a site that could not be checked', buildDigest(partialFailure, { mention: MENTION, runUrl: RUN_URL })],
  ['digest without groups', buildDigest(makeReport({ groups: [], status: 'found' }))],
  ['all-clear', buildAllClear(makeReport({ groups: [] }), { runUrl: RUN_URL })],
  [
    'all-clear with a capped site',
    buildAllClear(makeReport({ sites: [makeSite(), makeSite({ siteId: SITE_B, capped: true, complete: false })] })),
  ],
  ['failure notice', buildFailureNotice(makeReport({ sites: [failedSite] }), { mention: MENTION, runUrl: RUN_URL })],
  ['failure notice for 30 sites', buildFailureNotice(makeReport({ sites: manyFailedSites }), { mention: MENTION })],
  ['failure notice without a site', buildFailureNotice(makeReport({ errors: [HOSTILE.repeat(500)] }), {})],
  ['watch: found', buildDigest(found, { mention: MENTION, runUrl: RUN_URL })],
  ['watch: quiet', buildAllClear(watched(makeReport({ groups: [] }), 'quiet'), { runUrl: RUN_URL })],
  ['watch: no poll could read a site', buildFailureNotice(watched(makeReport({ sites: [failedSite] }), 'failed'), { mention: MENTION })],
];

const BLOCK_TYPES: readonly MessageBlock['type'][] = ['header', 'section', 'divider', 'context'];

describe('every Slack payload', () => {
  it.each(PAYLOADS)('%s: within Slack’s limits, by ours and by the sink’s reading', (_, message) => {
    expect(slackLimitViolations(message)).toEqual([]);
    // As posted: the JSON body the sink reads.
    const posted: unknown = JSON.parse(JSON.stringify(message));
    expect(posted).toEqual(message);
    expect(validateSlackPayload(posted)).toBeUndefined();
    expect(message.blocks.length).toBeGreaterThan(0);
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(blockText(message.blocks)).toBeLessThanOrEqual(SLACK_LIMITS.blockTextTotal);
    expect(message.blocks.every((b) => BLOCK_TYPES.includes(b.type))).toBe(true);
    expect(message).toMatchObject({ unfurl_links: false, unfurl_media: false });
  });

  it('has its blocks typed by @slack/types, so a shape Slack does not take fails tsc', () => {
    expectTypeOf<SlackMessage['blocks'][number]>().toEqualTypeOf<MessageBlock>();
    const ok: MessageBlock = { type: 'section', text: { type: 'mrkdwn', text: 'x', verbatim: true } };
    // @ts-expect-error a section's text is a text object, not a string
    const textAsString: MessageBlock = { type: 'section', text: 'x' };
    // @ts-expect-error a header takes plain text only
    const mrkdwnHeader: MessageBlock = { type: 'header', text: { type: 'mrkdwn', text: 'x' } };
    // @ts-expect-error a context block's elements are text or image elements
    const contextOfBlocks: MessageBlock = { type: 'context', elements: [{ type: 'divider' }] };
    // @ts-expect-error the messages use no other block type
    const image: MessageBlock = { type: 'image', image_url: 'https://example.com/x.png', alt_text: 'x' };
    // Slack (the sink) refuses the first three; an image block it would take, but it is no part of these messages.
    const answers = [ok, textAsString, mrkdwnHeader, contextOfBlocks].map(
      (block) => validateSlackPayload({ text: 't', blocks: [block] })?.error,
    );
    expect(answers).toEqual([undefined, 'invalid_blocks', 'invalid_blocks', 'invalid_blocks']);
    expect(BLOCK_TYPES).not.toContain(image.type);
  });
});
