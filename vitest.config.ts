import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Most files wait on loopback servers and child processes rather than the CPU: four at a time overlap those
    // waits even on two cores (vitest's default is one file per core but one). No test shares a port, a working
    // directory or the environment with another file.
    maxWorkers: 4,
    // Integration tests start loopback servers; give slow machines room without hiding hangs.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // An empty suite is a broken suite.
    passWithNoTests: false,
  },
});
