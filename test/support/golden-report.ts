import { normalizeMessage } from '../../src/analysis/fingerprint.js';
import type { Report } from '../../src/report/report.js';
import { siteWarnings } from '../../src/scan/warnings.js';
import { INPUT_NAMES } from '../../src/text/option-names.js';
import { siteLabel } from '../../src/text/site-label.js';
import { makeGroup, makeRawRequest, makeReport, makeSite, SITE_A, SITE_B } from './report-factory.js';
import { channelDeliveries } from '../../src/report/deliveries.js';

/**
 * The one fixed report every golden file is rendered from (job summary, Slack,
 * issues), so the renderers can be compared on the same input: a NEW group
 * with an issue, a REGRESSED and a SILENCED group whose texts are hostile, a
 * known ONGOING group that does not alert (the "still happening" line), a
 * capped site with the warning the scan gives it, and a since cut. Its groups
 * are broken events, the only type the scan diagnoses. Each group's normalised
 * message is what grouping makes of its message (issue titles show it).
 */
export function goldenReport(): Report {
  const cappedSite = makeSite({
    siteId: SITE_B,
    eventCount: 5,
    matchedSessions: 4,
    capped: true,
    complete: false,
    logs: { fetched: 5, unavailable: 0 },
  });
  const report = makeReport({
    groups: [
      makeGroup({
        fingerprint: 'a1b2c3d4e5f60718',
        // Only broken events are diagnosed (src/scan/finish.ts), and the report scanned only them.
        eventType: 17,
        eventTypeLabel: 'Broken event',
        count: 12,
        newCount: 5,
        state: 'new',
        alert: true,
        issue: { number: 12, url: 'https://github.com/acme/shop/issues/12', action: 'created' },
      }),
      makeGroup({
        fingerprint: '0badc0de0badc0de',
        siteId: SITE_B,
        eventType: 17,
        eventTypeLabel: 'Broken event',
        message: '<!channel> <@U123> <https://evil.example|click> @octocat #1 ``` <img src=x>',
        count: 3,
        newCount: 3,
        state: 'regressed',
        alert: true,
        sampleUrls: ['https://shop.example/?q=<!here>'],
        sampleRequests: [makeRawRequest({ queryParams: { idsite: SITE_B, e_n: '``` </details> <!channel>' } })],
        diagnosis: undefined,
      }),
      makeGroup({
        fingerprint: 'cafe0123cafe0123',
        eventType: 17,
        eventTypeLabel: 'Broken event',
        message: 'Invalid custom event value: twelve',
        count: 4,
        sessionCount: 3,
        newCount: 1,
        state: 'ongoing',
        alert: false,
        issue: { number: 9, url: 'https://github.com/acme/shop/issues/9', action: 'commented' },
        sampleUrls: ['https://shop.example/newsletter'],
        sampleRequests: [makeRawRequest({ queryParams: { idsite: SITE_A, e_c: 'Newsletter', e_a: 'Subscribe', e_v: 'twelve' } })],
        sampleContext: { customEventCategory: 'Newsletter', customEventAction: 'Subscribe' },
        diagnosis: {
          summary: '`e_v` = `twelve` is not a number (expected a number from 0 to 100000000000)',
          findings: [
            {
              parameter: 'e_v',
              value: 'twelve',
              problem: 'is not a number',
              expected: 'a number from 0 to 100000000000',
              hint: 'send `e_v` as a number from 0 to 100000000000',
              severity: 'cause',
            },
          ],
        },
      }),
      makeGroup({
        fingerprint: '5ee5ee5ee5ee5ee5',
        siteId: SITE_B,
        eventType: 17,
        eventTypeLabel: 'Broken event',
        message: '<img src=x onerror=alert(1)> @octocat #1 ::error::x ```',
        count: 2,
        newCount: 0,
        state: 'ongoing',
        alert: false,
        silenced: { rule: 'onerror' },
        sampleRequests: [makeRawRequest({ queryParams: { idsite: SITE_B, e_n: '``` </details> <script>' } })],
        diagnosis: undefined,
      }),
    ],
    sites: [makeSite({ siteId: SITE_A, eventCount: 16, matchedSessions: 10, logs: { fetched: 16, unavailable: 0 } }), cappedSite],
    // The cap's warning as the scan words it (src/scan/warnings.ts), naming the site as the scan does.
    warnings: siteWarnings(
      siteLabel({ siteId: SITE_B }),
      cappedSite,
      undefined,
      { usedLegacyEndpoint: false, failures: [] },
      {
        maxSessions: 1000,
        names: INPUT_NAMES,
      },
    ),
    alerting: {
      since: 'auto',
      cut: '2025-03-04T09:30:00.000Z',
      cutSource: 'the start of the previous successful run',
      notify: 'changes',
      newEvents: 9,
      silencedNewEvents: 0,
      alreadyReported: 12,
      alertingGroups: 2,
      silencedGroups: 1,
      alert: true,
    },
    deliveries: {
      ...channelDeliveries({ slack: { status: 'sent' } }),
      github: { status: 'sent', urls: ['https://github.com/acme/shop/issues/12', 'https://github.com/acme/shop/issues/9'] },
    },
  });
  return { ...report, groups: report.groups.map((g) => ({ ...g, normalizedMessage: normalizeMessage(g.message) })) };
}

/**
 * The failed run every failure rendering is made from (job summary, Slack notice): the one site could not be read,
 * for the reason the action gives when the API client has no access to it.
 */
export function failedReport(): Report {
  return makeReport({
    groups: [],
    sites: [
      makeSite({
        siteId: SITE_A,
        error: 'no access (HTTP 404). Check that the site id is right and that the API client has at least view access to it.',
        complete: false,
      }),
    ],
  });
}
