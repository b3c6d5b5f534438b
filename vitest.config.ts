import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests start loopback servers; give slow machines room without hiding hangs.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // An empty suite is a broken suite.
    passWithNoTests: false,
  },
});
