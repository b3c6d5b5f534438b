// 5. The post-deploy watch (opt-in: `npm run bench -- --only watch`, about
// two minutes, as it runs on the real clock). Two timed scenarios:
//
//   - a broken event appears 15 s after the step starts: how long until the
//     step fails, from the event's appearance, and that time as a ratio to
//     the interval (at most 1 plus the poll's own time: the event waits for
//     the next poll). Run with the minimum interval (10 s) and the default (30 s);
//   - none appears, watch-minutes 1: the step should end after about 60 s,
//     exit 0, found=false.
//
// The bundled action runs as a child process against the Piwik PRO simulator
// on its real clock; the event's session is dated 15 s after the spawn, and
// the simulator serves a session only once its time has come.
import { makeSession } from '../simulator/dataset.mjs';
import { startPiwikSimulator } from '../simulator/piwik.mjs';
import { BUNDLE, describeFailure, runAction } from './measure.mjs';

const SITE = '5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const APPEARS_AFTER_MS = 15_000;
const CHILD_LIMIT_MS = 240_000;

export async function watchCase({ bundle = BUNDLE, intervals = [10, 30] } = {}) {
  const appears = [];
  for (const interval of intervals) appears.push(await eventAppears({ bundle, interval }));
  const quiet = await nothingAppears({ bundle });
  return { appears, quiet };
}

function inputs(sim, extra) {
  return {
    'instance-url': sim.url,
    'site-id': SITE,
    'client-id': sim.clientId,
    'client-secret': sim.clientSecret,
    'timeout-seconds': String(CHILD_LIMIT_MS / 1000),
    ...extra,
  };
}

async function eventAppears({ bundle, interval }) {
  // Whole seconds, as the API's times: the event is there from this instant on.
  const appearsAt = Math.ceil((Date.now() + APPEARS_AFTER_MS) / 1000) * 1000;
  const session = makeSession({
    appId: SITE,
    updatedAt: new Date(appearsAt),
    events: [{ type: 1 }, { type: 17, errorMessage: 'Invalid value for parameter e_v: not a number' }],
  });
  const sim = await startPiwikSimulator({ sites: { [SITE]: [session] } });
  try {
    const run = await runAction({
      inputs: inputs(sim, { 'watch-minutes': '2', 'watch-interval': String(interval), 'fail-on-events': 'true' }),
      bundle,
      timeoutMs: CHILD_LIMIT_MS,
    });
    const exitAt = run.spawnAt + run.wallMs;
    const detectMs = exitAt - appearsAt;
    return {
      intervalSeconds: interval,
      eventAfterSpawnMs: appearsAt - run.spawnAt,
      wallMs: Math.round(run.wallMs),
      eventToFailureMs: Math.round(detectMs),
      ratioToInterval: Math.round((detectMs / (interval * 1000)) * 100) / 100,
      exitCode: run.code,
      found: run.outputs.found,
      polls: run.report?.watch?.polls,
      debuggerRequests: sim.countBy('debugger'),
      logsRequests: sim.countBy('logs'),
      tokenRequests: sim.countBy('token'),
      failure: run.code === 1 ? undefined : describeFailure(run),
    };
  } finally {
    await sim.close();
  }
}

async function nothingAppears({ bundle }) {
  const sim = await startPiwikSimulator({ sites: { [SITE]: [] } });
  try {
    const run = await runAction({
      inputs: inputs(sim, { 'watch-minutes': '1', 'fail-on-events': 'true' }),
      bundle,
      timeoutMs: CHILD_LIMIT_MS,
    });
    return {
      intervalSeconds: 30,
      wallMs: Math.round(run.wallMs),
      exitCode: run.code,
      found: run.outputs.found,
      polls: run.report?.watch?.polls,
      watchedSeconds: run.report?.watch?.watchedSeconds,
      debuggerRequests: sim.countBy('debugger'),
      logsRequests: sim.countBy('logs'),
      failure: run.code === 0 ? undefined : describeFailure(run),
    };
  } finally {
    await sim.close();
  }
}
