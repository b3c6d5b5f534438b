import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// The suite as npm test runs it, less the check that the committed dist/ is a fresh build of src/: under
// mutation testing src/ holds Stryker's instrumented code, so that check fails before any mutant is tried.
export default mergeConfig(base, defineConfig({ test: { exclude: [...configDefaults.exclude, 'test/dist.int.test.ts'] } }));
