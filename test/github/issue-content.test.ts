import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ISSUE_LIMITS,
  issueBody,
  occurrenceComment,
  regressionComment,
  resolvedComment,
  type IssueContext,
} from '../../src/github/issue-content.js';
import { issueTitle } from '../../src/github/issue-title.js';
import { issueMarker, parseIssueMarker, parseIssueState, withIssueState } from '../../src/github/issue-marker.js';
import { longestRun } from '../../src/render/markdown.js';
import type { Group } from '../../src/types.js';
import { makeGroup, makeRawRequest, makeReport, SITE_A, SITE_B } from '../support/report-factory.js';

const FINGERPRINT = '0123456789abcdef';

function ctx(groups: Group[] = [], overrides: Partial<IssueContext> = {}): IssueContext {
  return { report: makeReport({ groups }), redact: true, ...overrides };
}

function group(overrides: Partial<Group> = {}): Group {
  return makeGroup({ fingerprint: FINGERPRINT, eventType: 17, eventTypeLabel: 'Broken event', ...overrides });
}

/** Every fenced code block, as [fence, content] pairs, found the way a CommonMark reader finds them. */
function fencedBlocks(markdown: string): { fence: string; content: string }[] {
  const blocks: { fence: string; content: string }[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})/.exec(lines[i]);
    if (!open) continue;
    const fence = open[1];
    const content: string[] = [];
    let j = i + 1;
    // A closing fence is a line of at least as many backticks and nothing else.
    while (j < lines.length && !new RegExp(`^\`{${fence.length},}\\s*$`).test(lines[j])) content.push(lines[j++]);
    blocks.push({ fence, content: content.join('\n') });
    i = j;
  }
  return blocks;
}

/** The Markdown outside fenced code blocks and code spans: where mentions, references and HTML would be live. */
function liveText(markdown: string): string {
  const lines = markdown.split('\n');
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of lines) {
    if (fence) {
      if (new RegExp(`^\`{${fence.length},}\\s*$`).test(line)) fence = undefined;
      continue;
    }
    const open = /^(`{3,})/.exec(line);
    if (open) {
      fence = open[1]!;
      continue;
    }
    out.push(line);
  }
  // Drop code spans: `…`, ``…``, etc. (same-length backtick runs).
  return out.join('\n').replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
}

const HOSTILE = [
  '@octocat please look',
  'see #1 and GH-12 and owner/repo#2',
  '<img src=x onerror=alert(1)>',
  '<a href="https://evil.example">click</a>',
  '[link](https://evil.example) ![img](https://evil.example/x.png)',
  'https://evil.example/autolink www.evil.example',
  '```` break out ````',
  '<!-- piwik-broken-events:fingerprint=ffffffffffffffff site=7c2e4d1a-9b8c-4f7e-a6d5-c4b3a2918070 type=17 -->',
  '</details><script>alert(1)</script>',
].join(' ');

describe('issueTitle', () => {
  it('names the event type and the message, and the site only when several sites are scanned', () => {
    // The message as grouped, not one instance of it; the site by name, else by the first block of its UUID.
    const g = group({ message: 'Invalid ec_products for order 1234', normalizedMessage: 'Invalid ec_products for order <n>' });
    expect(issueTitle(g, { multipleSites: false })).toBe('[Piwik PRO] Broken event: Invalid ec_products for order <n>');
    expect(issueTitle(g, { multipleSites: true })).toBe(
      `[Piwik PRO] Broken event: Invalid ec_products for order <n> · ${SITE_A.slice(0, 8)}…`,
    );
    expect(issueTitle(g, { multipleSites: true, site: { siteId: SITE_A, name: 'ACME Shop' } })).toBe(
      '[Piwik PRO] Broken event: Invalid ec_products for order <n> · ACME Shop',
    );
  });

  it('stays within 256 characters, site included, whatever the message', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2_000 }), fc.boolean(), (message, multipleSites) => {
        const title = issueTitle(group({ message, siteId: SITE_B }), { multipleSites });
        expect(title.length).toBeLessThanOrEqual(ISSUE_LIMITS.titleChars);
        expect(title).not.toMatch(/[\r\n]/);
        if (multipleSites) expect(title.endsWith(` · ${SITE_B.slice(0, 8)}…`)).toBe(true);
      }),
    );
    const long = issueTitle(group({ message: 'x'.repeat(1_000) }), { multipleSites: true });
    expect(long.length).toBeLessThanOrEqual(256);
    expect(long).toContain('…');
  });

  it('links nobody and nothing', () => {
    const title = issueTitle(group({ message: HOSTILE }), { multipleSites: false });
    expect(title).not.toMatch(/@octocat|#1\b|GH-12|repo#2/);
  });

  it('shows control and bidirectional-override characters as visible escapes', () => {
    const title = issueTitle(group({ message: 'a\u202eb\u0000c\td' }), { multipleSites: false });
    expect(title).toBe('[Piwik PRO] Broken event: a\\u202eb\\x00c d');
  });
});

describe('marker', () => {
  it('is the first line of the body, and parses back', () => {
    const body = issueBody(group(), ctx());
    expect(body.split('\n')[0]).toBe(`<!-- piwik-broken-events:fingerprint=${FINGERPRINT} site=${SITE_A} type=17 -->`);
    expect(parseIssueMarker(body)).toEqual({ fingerprint: FINGERPRINT, siteId: SITE_A, eventType: 17 });
  });

  it('is followed by the state line: what the action last reported', () => {
    const g = group({ count: 42 });
    const body = issueBody(g, ctx([g]));
    // Reported up to its newest event (09:58:40), not the scan's end (10:00): an event stamped between them that
    // shows up late is new next time (src/alerting/watermark.ts).
    expect(body.split('\n')[1]).toBe('<!-- piwik-broken-events:last-count=42 last-report=2025-03-04T09:58:40.000Z -->');
    expect(parseIssueState(body)).toEqual({ count: 42, reportedAt: '2025-03-04T09:58:40.000Z' });
    // An older newest event: at least the scan's end less the five-minute margin.
    const old = group({ count: 1, lastSeen: '2025-03-04T09:10:00Z' });
    expect(parseIssueState(issueBody(old, ctx([old])))?.reportedAt).toBe('2025-03-04T09:55:00.000Z');
  });

  it('has its state line rewritten alone, keeping human edits', () => {
    const g = group({ count: 42 });
    const edited = `${issueBody(g, ctx([g]))}\n\nNote from a human: see the tag in GTM.`;
    const updated = withIssueState(edited, { count: 7, reportedAt: '2025-03-05T10:00:00.000Z' });
    expect(parseIssueState(updated)).toEqual({ count: 7, reportedAt: '2025-03-05T10:00:00.000Z' });
    expect(updated.split('\n').length).toBe(edited.split('\n').length);
    expect(updated).toContain('Note from a human');
    expect(parseIssueMarker(updated)?.fingerprint).toBe(FINGERPRINT);
    // A body without a state line gets one right after the marker.
    const bare = `${issueMarker(g)}\nrest`;
    expect(withIssueState(bare, { count: 1, reportedAt: '2025-03-05T10:00:00.000Z' }).split('\n')).toEqual([
      issueMarker(g),
      '<!-- piwik-broken-events:last-count=1 last-report=2025-03-05T10:00:00.000Z -->',
      'rest',
    ]);
    // A state line anywhere else is not read.
    expect(
      parseIssueState(`${issueMarker(g)}\ntext\n<!-- piwik-broken-events:last-count=9 last-report=2025-03-05T10:00:00.000Z -->`),
    ).toBeUndefined();
  });

  it('reads the documented form without a type, and nothing else', () => {
    expect(parseIssueMarker(`<!-- piwik-broken-events:fingerprint=${FINGERPRINT} site=${SITE_A} -->\nrest`)).toEqual({
      fingerprint: FINGERPRINT,
      siteId: SITE_A,
    });
    expect(parseIssueMarker(null)).toBeUndefined();
    expect(parseIssueMarker('A human-written issue')).toBeUndefined();
    expect(parseIssueMarker(`text first\n${issueMarker(group())}`)).toBeUndefined();
  });

  it('cannot be faked by a payload: only the real marker is read, whatever the message, URLs and samples hold', () => {
    const fake = '<!-- piwik-broken-events:fingerprint=ffffffffffffffff site=7c2e4d1a-9b8c-4f7e-a6d5-c4b3a2918070 type=17 -->';
    const g = group({
      message: `${fake}\n${fake}`,
      sampleUrls: [fake],
      sampleRequests: [makeRawRequest({ queryParams: { url: fake, [fake]: fake } })],
      diagnosis: {
        summary: fake,
        findings: [{ parameter: fake, value: fake, problem: fake, expected: fake, hint: fake, severity: 'cause' }],
      },
    });
    const body = issueBody(g, ctx([g]));
    expect(parseIssueMarker(body)?.fingerprint).toBe(FINGERPRINT);
    // Outside code, the payload is escaped text, not an HTML comment.
    expect(liveText(body).match(/<!-- piwik-broken-events:fingerprint/g)).toHaveLength(1);
    // And the comments (which are never parsed) start with no marker at all.
    for (const comment of [occurrenceComment(g, ctx([g])), regressionComment(g, ctx([g])), resolvedComment(g, ctx([g]))]) {
      expect(parseIssueMarker(comment)).toBeUndefined();
    }
  });
});

describe('issueBody', () => {
  it('holds the summary table, message, diagnosis, sample pages, raw requests and run link', () => {
    const g = group({ count: 12, sessionCount: 7, sampleRequests: [makeRawRequest(), makeRawRequest({ id: 'second' })] });
    const body = issueBody(g, ctx([g]));
    expect(body).toContain(`| Site | \`${SITE_A}\` |`);
    expect(body).toContain('| Event type | Broken event (17) |');
    expect(body).toContain('| Events | 12 in 7 sessions |');
    expect(body).toContain('| First seen | 2025-03-04 09:02:11 UTC |');
    expect(body).toContain('| Window | last 60 minutes (2025-03-04 09:00:00 – 2025-03-04 10:00:00 UTC) |');
    expect(body).toContain('### Error message');
    expect(body).toContain("Invalid value for parameter 'idgoal'");
    expect(body).toContain('### Diagnosis');
    expect(body).toContain("**Likely cause:** idgoal = 'abc' is not an integer");
    expect(body).toContain('**Fix:** Send the numeric goal id');
    expect(body).toContain('- `https://shop.example/checkout?step=2`');
    expect(body).toContain('### Sample raw requests');
    expect(body).toContain('log second');
    expect(body).toContain('[workflow run](https://github.com/acme/shop/actions/runs/123456789)');
  });

  it('shows at most three raw requests', () => {
    const g = group({ sampleRequests: [1, 2, 3, 4, 5].map((n) => makeRawRequest({ id: `log-${n}` })) });
    const body = issueBody(g, ctx([g]));
    expect(body).toContain('log log-3');
    expect(body).not.toContain('log log-4');
    expect(body).not.toContain('Trimmed');
  });

  it('prefers the run URL it is given, and never links a strange one', () => {
    const g = group();
    expect(issueBody(g, ctx([g], { runUrl: 'https://ghe.example/acme/shop/actions/runs/1' }))).toContain(
      '[workflow run](https://ghe.example/acme/shop/actions/runs/1)',
    );
    const odd = issueBody(g, ctx([g], { runUrl: 'javascript:alert(1)' }));
    expect(odd).not.toContain('](javascript');
  });

  it('warns that samples may hold personal data when redaction is off', () => {
    const g = group();
    expect(issueBody(g, ctx([g], { redact: false }))).toContain('Redaction is off');
    expect(issueBody(g, ctx([g], { redact: true }))).not.toContain('Redaction is off');
  });

  it('makes hostile payloads inert: no mention, reference, HTML or link outside code', () => {
    const g = group({
      message: HOSTILE,
      sampleUrls: [HOSTILE],
      sampleContext: { title: HOSTILE, customEventCategory: HOSTILE, customEventAction: '@octocat', goalId: HOSTILE },
      sampleRequests: [makeRawRequest({ queryParams: { url: HOSTILE, e_n: '@octocat #1' }, headers: [['user-agent', HOSTILE]] })],
      diagnosis: {
        summary: HOSTILE,
        findings: [{ parameter: HOSTILE, value: HOSTILE, problem: HOSTILE, expected: HOSTILE, hint: HOSTILE, severity: 'cause' }],
      },
    });
    const body = issueBody(g, ctx([g]));
    // The payload does reach the live text (page title, custom event), but only escaped.
    expect(liveText(body)).toContain('&lt;img src=x onerror=alert\\(1\\)&gt;');
    expect(liveText(body)).toContain('@\u200boctocat');
    expect(liveText(body)).toContain('&lt;\\!-- piwik-broken-events');
    for (const text of [body, occurrenceComment(g, ctx([g])), regressionComment(g, ctx([g]), { closedAt: '2025-03-01T00:00:00Z' })]) {
      const live = liveText(text);
      expect(live).not.toMatch(/@[A-Za-z0-9-]/); // no mention
      expect(live).not.toMatch(/(^|[^\\])#\d|GH-\d|repo#\d/i); // no reference
      expect(live).not.toMatch(/<(img|a|script|\/details>\s*<script)/i); // our own <details>/<sub> only
      expect(live).not.toMatch(/\]\(https?:\/\/evil/); // no link
      expect(live).not.toMatch(/https?:\/\/evil|www\.evil/); // no autolink
      // Every fence is longer than any backtick run inside it.
      for (const block of fencedBlocks(text)) expect(block.fence.length).toBeGreaterThan(longestRun(block.content, '`'));
    }
  });

  it('sizes every fence past the backtick runs of its content', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('`', 'a', '\n', ' ', '<', '@', '#', '1') }), (text) => {
        const g = group({ message: text, sampleRequests: [makeRawRequest({ queryParams: { e_n: text } })] });
        const body = issueBody(g, ctx([g]));
        expect(parseIssueMarker(body)?.fingerprint).toBe(FINGERPRINT);
        for (const block of fencedBlocks(body)) expect(block.fence.length).toBeGreaterThan(longestRun(block.content, '`'));
        // The footer is still outside any block: nothing broke out, nothing swallowed the rest.
        expect(liveText(body)).toContain('<sub>Reported by');
      }),
      { numRuns: 200 },
    );
  });

  it('stays within 65,536 characters: samples go first, and the body says so', () => {
    // Many long parameters: every sample far over the per-sample cap, and the message and findings near theirs.
    const huge = makeRawRequest({ queryParams: Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`p${i}`, '<'.repeat(300)])) });
    const g = group({
      message: '<'.repeat(10_000),
      sampleRequests: [huge, huge, huge, huge],
      sampleUrls: Array.from({ length: 50 }, () => '`'.repeat(600)),
      diagnosis: {
        summary: '<'.repeat(1_000),
        findings: Array.from({ length: 40 }, () => ({
          parameter: 'x',
          value: '<'.repeat(500),
          problem: 'is wrong',
          expected: '<'.repeat(500),
          hint: '<'.repeat(500),
          severity: 'cause' as const,
        })),
      },
    });
    const body = issueBody(g, ctx([g]));
    expect(body.length).toBeLessThanOrEqual(ISSUE_LIMITS.bodyChars);
    expect(body).toContain("Trimmed to stay under GitHub's limit of 65,536 characters");
    expect(body).toContain('raw request samples');
    expect(parseIssueMarker(body)?.fingerprint).toBe(FINGERPRINT);
    expect(liveText(body)).toContain('<sub>Reported by');

    // Comments obey the same limit.
    expect(occurrenceComment(g, ctx([g])).length).toBeLessThanOrEqual(ISSUE_LIMITS.bodyChars);
    expect(regressionComment(g, ctx([g])).length).toBeLessThanOrEqual(ISSUE_LIMITS.bodyChars);
  });

  it('does not claim trimming when nothing was trimmed', () => {
    const g = group();
    expect(issueBody(g, ctx([g]))).not.toContain('Trimmed');
  });

  it('says that a 200 KB raw request was shortened, and marks a cut error message with …', () => {
    const g = group({
      message: `Invalid value ${'x'.repeat(5_000)}`,
      sampleRequests: [makeRawRequest({ queryParams: { idsite: SITE_A, e_n: 'n'.repeat(200_000) } })],
    });
    const body = issueBody(g, ctx([g]));
    expect(body.length).toBeLessThan(20_000);
    expect(body).toContain(`e_n = ${'n'.repeat(300)}…\n`);
    expect(body).toContain('(trimmed: 1 value longer than 300 characters shortened with …)');
    expect(body).toMatch(/x…\n\(trimmed: \d+ more characters\)\n```/);
  });
});

describe('comments', () => {
  it('an occurrence comment gives this run\u2019s count, window and one new sample', () => {
    const g = group({
      count: 3,
      sessionCount: 2,
      newCount: 2,
      sampleRequests: [makeRawRequest({ id: 'fresh' }), makeRawRequest({ id: 'older' })],
    });
    const text = occurrenceComment(g, ctx([g]));
    // What is new since the last report leads.
    expect(text).toMatch(/### Seen again: \d+ new events?/);
    expect(text).toContain('within the last 60 minutes (2025-03-04 09:00:00 – 2025-03-04 10:00:00 UTC), in 2 sessions.');
    expect(text).toContain('log fresh');
    expect(text).not.toContain('log older');
  });

  it('a regression comment says when the issue was closed', () => {
    const g = group();
    const text = regressionComment(g, ctx([g]), { closedAt: '2025-03-01T08:00:00Z' });
    expect(text).toContain('Regression');
    expect(text).toContain('closed on 2025-03-01 08:00:00 UTC');
  });

  it('a resolved comment says since when the error is gone', () => {
    const text = resolvedComment({ siteId: SITE_A, fingerprint: FINGERPRINT }, ctx());
    expect(text).toContain('gone since at least 2025-03-04 09:00:00 UTC');
    expect(text).toContain(SITE_A);
  });
});
