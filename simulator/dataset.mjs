// Datasets for the loopback Piwik PRO simulator (simulator/piwik.mjs): the
// entry point the tests, the demo and the benchmark import. One file per
// family under datasets/: the session builder (session.mjs, with the log and
// record it is made of), the demo, the hostile payloads and the lazy scale
// datasets.
//
// A *session* here is the simulator's unit of data: the DebugSession record
// the Tracker Debugger API would stream (u64 ids held as BigInt, so they can
// be written as exact integer literals), plus the AnonymizedLog objects (raw
// tracking requests) of its events, which the logs endpoints serve.
//
// Plain ESM JavaScript on purpose: the demo and the benchmark import this
// with plain `node`, without a build step.

export { createRng } from './datasets/random.mjs';
export { EVENT_TYPE_LABELS, formatServerTime, u64Hex, U64_ABOVE_2_53, U64_MAX } from './datasets/format.mjs';
export { makeRawLine, makeSession } from './datasets/session.mjs';
export { DEMO_MESSAGES, DEMO_SITE_IDS, demoDataset } from './datasets/demo.mjs';
export { HOSTILE, HOSTILE_SITE_ID, hostileDataset } from './datasets/hostile.mjs';
export { EXAMPLE_IGNORE, EXAMPLE_MESSAGES, EXAMPLE_TIMES, examplesDataset } from './datasets/examples.mjs';
export { largeDataset, scaleDataset } from './datasets/scale.mjs';
export { SILENT_DEMO_SITE, trafficSessions, withSilentSite } from './datasets/traffic.mjs';

/**
 * @typedef {import('./datasets/types.js').AnonymizedLog} AnonymizedLog
 * @typedef {import('./datasets/types.js').CustomEventSpec} CustomEventSpec
 * @typedef {import('./datasets/types.js').Dataset} Dataset
 * @typedef {import('./datasets/types.js').DebugEventRecord} DebugEventRecord
 * @typedef {import('./datasets/types.js').DebugSessionRecord} DebugSessionRecord
 * @typedef {import('./datasets/types.js').DemoDataset} DemoDataset
 * @typedef {import('./datasets/types.js').EventSpec} EventSpec
 * @typedef {import('./datasets/types.js').LazyDataset} LazyDataset
 * @typedef {import('./datasets/types.js').RawLineSession} RawLineSession
 * @typedef {import('./datasets/types.js').RecordSession} RecordSession
 * @typedef {import('./datasets/types.js').Rng} Rng
 * @typedef {import('./datasets/types.js').ScaleDataset} ScaleDataset
 * @typedef {import('./datasets/types.js').ScaleOptions} ScaleOptions
 * @typedef {import('./datasets/types.js').SessionSpec} SessionSpec
 * @typedef {import('./datasets/types.js').SimSession} SimSession
 */
export { portfolioDataset, siteName } from './datasets/portfolio.mjs';
