import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// The suite as npm test runs it, less the tests that run code in another process: the committed bundles
// (dist.int) and src/cli.ts started through tsx (cli.process.int). A child process never sees the mutant Stryker
// switched on in this one and reports it no coverage, so those tests can kill nothing; under the sandbox they only
// fail the initial run.
export default mergeConfig(
  base,
  defineConfig({ test: { exclude: [...configDefaults.exclude, 'test/dist.int.test.ts', 'test/cli.process.int.test.ts'] } }),
);
