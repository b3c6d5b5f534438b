import { describe, expect, it } from 'vitest';
import { makeSession } from '../../simulator/dataset.mjs';
import { closeServersAfterEach, piwikInputs, piwikSimulator, runAction } from '../support/action-harness.js';
import { steppingClock } from '../support/clock.js';

/** `since: tag-manager` with `watch-minutes`: the watch starts at the latest publish, a release gate for Tag Manager. */
closeServersAfterEach();
const SITE = '5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const START = Math.floor(Date.now() / 1000) * 1000;

describe('a watch under since: tag-manager', () => {
  it('counts from the latest publish, so a break between the publish and the start of the workflow is caught at once', async () => {
    const clock = steppingClock(START);
    const broken = makeSession({
      appId: SITE,
      updatedAt: new Date(START - 60_000),
      events: [{ type: 17, errorMessage: 'Invalid value for parameter e_v: not a number' }],
    });
    const sim = await piwikSimulator(new Date(START), {
      sites: { [SITE]: [broken] },
      now: clock.ms,
      tagManager: {
        [SITE]: { versions: [{ major: 9, type: 'published', publishedAt: new Date(START - 3 * 60_000), publisher: 'p@example.com' }] },
      },
    });
    const { kit, report } = await runAction(
      { ...piwikInputs(sim, [SITE]), 'watch-minutes': '5', 'watch-interval': '10', since: 'tag-manager', 'fail-on-events': 'true' },
      { GITHUB_REPOSITORY: 'acme/site', GITHUB_RUN_ID: '7' },
      { clock },
    );
    expect(report?.watch).toMatchObject({
      outcome: 'found',
      polls: 1,
      since: new Date(START - 3 * 60_000).toISOString().replace('.000Z', 'Z'),
      sinceSource: 'the latest Tag Manager publish',
    });
    expect(kit.failure()).toMatch(/1 new matching event/);
    expect(report?.groups[0]?.publish).toMatchObject({ version: '9', minutesAfter: 2 });
  });
});
