import { describe, expect, it } from 'vitest';
import { terminalSafe } from '../../src/cli/terminal.js';
import { renderText } from '../../src/cli/text.js';
import { terminalSafeJson } from '../../src/cli/output.js';
import { makeGroup, makeReport, makeSite, SITE_A } from '../support/report-factory.js';
import { channelDeliveries } from '../../src/report/deliveries.js';

const ESC = '\u001b';
// Everything a terminal may act on: ESC sequences (CSI, OSC title), C1 CSI, CR, BS, BEL, bidi override, line separator.
const HOSTILE = `${ESC}[2J${ESC}[31mred${ESC}]0;pwned\u0007 \u009b1A back\rover\b \u202eevil\u2028next`;
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

describe('terminalSafe', () => {
  it('writes control characters as visible escapes', () => {
    expect(terminalSafe(`a${ESC}[31mb\r\n\tc\u0007\u009b\u202e`)).toBe('a\\x1b[31mb\\r\\n\\tc\\x07\\x9b\\u202e');
  });

  it('keeps ordinary text, including non-Latin scripts and emoji, as it is', () => {
    expect(terminalSafe('Zamówienie 1234 — 注文 ✅')).toBe('Zamówienie 1234 — 注文 ✅');
  });
});

describe('renderText with what the account knows', () => {
  const group = makeGroup({ state: 'new', annotation: { date: '2025-03-04', action: 'created' } });
  const text = renderText(
    makeReport({
      groups: [group],
      sites: [makeSite({ siteId: SITE_A, name: `Example Store ${HOSTILE}` })],
      deliveries: {
        ...channelDeliveries(),
        github: { status: 'not-configured' },
        annotations: { status: 'sent', detail: 'annotations: 1 added' },
      },
    }),
  );

  it('names the site, keeping its UUID beside the name in the site list, and says what was annotated', () => {
    expect(text).not.toMatch(UNSAFE);
    expect(text).toMatch(new RegExp(`^ {2}Example Store \\\\x1b\\[2J.* \\(${SITE_A}\\) {2}`, 'm'));
    expect(text).toMatch(/^ {5}site Example Store \\x1b/m);
    expect(text).toMatch(/^ {5}Annotation: added on 2025-03-04$/m);
    expect(text).toMatch(/^Piwik PRO annotations: sent \(annotations: 1 added\)$/m);
  });
});

describe('renderText', () => {
  const group = makeGroup({
    message: `Invalid value ${HOSTILE}`,
    state: 'new',
    count: 4,
    diagnosis: { summary: `e_v = ${HOSTILE} is not a number`, findings: [] },
    issue: { number: 12, url: `https://github.com/acme/shop/issues/12${ESC}[8m`, action: 'created' },
  });
  const report = makeReport({
    groups: [group],
    sites: [
      makeSite({ siteId: SITE_A, eventCount: 4, matchedSessions: 3 }),
      makeSite({ siteId: '7c2e4d1a-9b8c-4f7e-a6d5-c4b3a2918070', error: `HTTP 500: ${HOSTILE}` }),
    ],
    warnings: [`Warning from the API ${HOSTILE}`],
    deliveries: {
      ...channelDeliveries({ slack: { status: 'failed', detail: `Slack answered ${HOSTILE}` } }),
      github: { status: 'sent', urls: ['https://github.com/acme/shop/issues/12'] },
    },
  });
  const text = renderText(report);

  it('escapes every control character that came from the API', () => {
    expect(text).not.toMatch(UNSAFE);
    expect(text).toContain('\\x1b[2J\\x1b[31mred\\x1b]0;pwned\\x07 \\x9b1A back\\rover\\x08 \\u202eevil\\u2028next');
  });

  it('says one as one: a minute, a session, an unreadable line', () => {
    const one = makeReport({
      window: { minutes: 1, from: '2025-03-04T09:59:00.000Z', to: '2025-03-04T10:00:00.000Z' },
      sites: [makeSite({ sessionsScanned: 1, matchedSessions: 1, eventCount: 1, complete: false, malformedLines: 1 })],
      groups: [makeGroup({ count: 1, sessionCount: 1 })],
    });
    const out = renderText(one);
    expect(out).toMatch(/^Window: last 1 minute \(/m);
    expect(out).toMatch(/ 1 session scanned, 1 matching, 1 event, 1 group {2}incomplete: 1 unreadable line, no issue closed$/m);
  });

  it('has a headline, the window, one line per site, and per-group lines with state, count, message and diagnosis', () => {
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^FAILED {2}The scan failed for 1 of 2 sites; 4 broken events found where it could look/);
    expect(text).toMatch(/^Window: last 60 minutes \(2025-03-04 09:00:00 – 2025-03-04 10:00:00 UTC\)/m);
    expect(text).toMatch(new RegExp(`^ {2}${SITE_A} {2}1200 sessions scanned, 3 matching, 4 events, 1 group {2}complete$`, 'm'));
    // The failed site's reason is said once, in its Error line; the Sites line points there.
    expect(text).toMatch(/^ {2}7c2e4d1a-9b8c-4f7e-a6d5-c4b3a2918070 .* FAILED \(see Error below\)$/m);
    expect(text).toMatch(/^Error: Could not check site 7c2e4d1a-9b8c-4f7e-a6d5-c4b3a2918070: HTTP 500: /m);
    expect(text.split('HTTP 500').length - 1).toBe(1);
    expect(text).toMatch(/^ {2}1\. NEW {2}4 × Custom event: Invalid value /m);
    expect(text).toMatch(/^ {5}Diagnosis: e_v = /m);
    expect(text).toMatch(/^ {5}Issue: #12 created https:\/\/github\.com\/acme\/shop\/issues\/12\\x1b\[8m$/m);
    expect(text).toMatch(/^Warning: Warning from the API /m);
    expect(text).toMatch(/^Slack: FAILED \(Slack answered /m);
    expect(text).toMatch(/^GitHub issues: sent, 1 updated$/m);
  });

  it('says CLEAN when nothing was found', () => {
    expect(renderText(makeReport({ groups: [] })).split('\n')[0]).toBe('CLEAN  No broken events (1 site on https://example.piwik.pro)');
  });

  it('cuts long lists and long messages', () => {
    const many = makeReport({ groups: Array.from({ length: 60 }, () => makeGroup({ message: 'x'.repeat(1000) })) });
    const out = renderText(many);
    expect(out).toContain('…and 10 more groups: --json or --report has them all.');
    expect(out.split('\n').every((l) => l.length < 600)).toBe(true);
  });
});

describe('terminalSafeJson', () => {
  it('escapes C1 controls and bidi overrides, which JSON.stringify leaves raw, without changing the value', () => {
    const value = { message: `a\u009bb\u202ec${ESC}d` };
    const json = terminalSafeJson(JSON.stringify(value, null, 2));
    expect(json).not.toMatch(UNSAFE);
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('renderText: the New line', () => {
  it('says why every event counts as new after a colon, so a flag name in the reason reads without nested brackets', () => {
    const report = makeReport({ groups: [makeGroup({ count: 2 })] });
    const text = renderText({
      ...report,
      alerting: {
        since: 'window',
        cutSource: 'the whole window (--since window (or PIWIK_SINCE=window))',
        notify: 'changes',
        newEvents: 2,
        silencedNewEvents: 0,
        alreadyReported: 0,
        alertingGroups: 1,
        silencedGroups: 0,
        alert: true,
      },
    });
    expect(text).toMatch(
      /^New: 2 events, 0 already reported; every event in the window counts: --since window \(or PIWIK_SINCE=window\)$/m,
    );
  });
});

describe('renderText at many sites', () => {
  it('lists the sites that need a look and counts the clean ones', () => {
    const clean = Array.from({ length: 40 }, (_, i) =>
      makeSite({ siteId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, eventCount: 0 }),
    );
    const text = renderText(
      makeReport({ sites: [makeSite({ siteId: SITE_A, eventCount: 4 }), ...clean], groups: [makeGroup({ siteId: SITE_A })] }),
    );
    const sites = text.split('\nSites\n')[1]?.split('\n\n')[0]?.split('\n') ?? [];
    expect(sites).toHaveLength(2);
    expect(sites[0]).toContain(SITE_A);
    expect(sites[1]).toBe('  and 40 sites clean: scanned completely, nothing found');
  });
});
