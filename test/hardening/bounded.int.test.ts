import { describe, expect, it } from 'vitest';
import { DEMO_SITE_IDS } from '../../simulator/dataset.mjs';
import { startSlackSink } from '../../simulator/slack.mjs';
import { closeLater, closeServersAfterEach, piwikInputs, piwikSimulator, runAction } from '../support/action-harness.js';

/**
 * Issue 28, item 4: bounded everything. The Logs reader is bounded like the Debugger reader, and an optional
 * read (Apps API, custom dimensions, goals, annotations) that hangs costs a notice, never the run or its alert.
 */
const NOW = new Date();
const { shop, blog } = DEMO_SITE_IDS;
closeServersAfterEach();

const HANG = { delayMs: 120_000 };
const notices = (kit: { notices: { message: string }[] }) => kit.notices.map((n) => n.message).join('\n');

describe('the Logs reader', () => {
  it('stops reading an answer of ids nobody asked for, as a protocol error, and still reports the events', async () => {
    const others = Array.from({ length: 5_000 }, (_, i) => JSON.stringify({ id: `other-${i}`, query_params: { idsite: shop } }));
    const sim = await piwikSimulator(NOW, { faults: { logs: [{ raw: { body: `${others.join('\n')}\n` } }] } });
    const { kit, report } = await runAction(piwikInputs(sim, [shop]));
    expect(kit.failure()).toBeUndefined();
    expect(report?.totals.events).toBe(7);
    expect(report?.warnings.join('\n')).toMatch(
      /Logs API \(\/logs\) \(site .*\) broke the protocol: it sent more than the \d+ lines asked for/,
    );
  });
});

describe('optional reads with a time limit of their own', () => {
  it('reports a hung Apps, custom dimensions and goals API as a notice, and the scan and its Slack alert still go out', async () => {
    const sim = await piwikSimulator(NOW, {
      faults: { app: [HANG, HANG], customDimensions: [HANG, HANG], goals: [HANG, HANG] },
    });
    const slack = closeLater(await startSlackSink());
    const started = Date.now();
    const { kit, report } = await runAction({
      ...piwikInputs(sim, [shop, blog]),
      'timeout-seconds': '10',
      'slack-webhook-url': slack.url,
    });
    expect(kit.failure()).toBeUndefined();
    expect(report?.status).toBe('found');
    expect(slack.messages).toHaveLength(1);
    expect(notices(kit)).toMatch(/Apps API \(site .*\) did not answer within 2 s, so it was left out of this run/);
    expect(notices(kit)).toMatch(/custom dimensions API .* did not answer within 2 s/);
    // The hung requests were aborted, not waited for until their own timeout.
    expect(Date.now() - started).toBeLessThan(9_000);
  });

  it('reports a hung annotations API as a notice, and the Slack alert still goes out', async () => {
    const sim = await piwikSimulator(NOW, { faults: { annotations: [HANG, HANG, HANG, HANG] } });
    const slack = closeLater(await startSlackSink());
    const { kit, report } = await runAction({
      ...piwikInputs(sim, [shop]),
      'timeout-seconds': '10',
      annotate: 'true',
      'slack-webhook-url': slack.url,
    });
    expect(kit.failure()).toBeUndefined();
    expect(report?.status).toBe('found');
    expect(slack.messages).toHaveLength(1);
    expect(notices(kit)).toMatch(/annotations API did not answer within 2 s/);
  });
});
