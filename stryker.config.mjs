// StrykerJS: mutation testing of the core folders (what decides, groups, scrubs and talks HTTP).
// `npm run mutate` (Node 22 or later); too slow for every CI run (about 1 h 45 min for all of it on two busy cores),
// so it is run by hand; `--mutate src/alerting/**/*.ts` narrows it.
// The HTML report lands in reports/mutation/ (git-ignored).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  // Without the dist/ freshness check (see vitest.stryker.config.ts).
  vitest: { configFile: 'vitest.stryker.config.ts', related: true },
  mutate: ['src/analysis/**/*.ts', 'src/alerting/**/*.ts', 'src/safety/redact.ts', 'src/github/**/*.ts', 'src/http/**/*.ts'],
  // Run only the tests that cover a mutant; a static mutant (a module-level constant) would need the whole suite per
  // mutant, so those are left out and counted as ignored.
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  // Two cores: more runners only fight for them. Override with --concurrency.
  concurrency: 2,
  // Integration tests talk HTTP to loopback servers and may wait on timers; a mutant that hangs is a kill, after this.
  timeoutMS: 30_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
