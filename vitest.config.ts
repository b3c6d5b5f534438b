import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Most files wait on loopback servers rather than the CPU: two at a time overlap those waits on two cores
    // (vitest's default there is one file at a time); more starved the CPU-bound files (fast-check, bursts) past
    // their time limits on a busy machine. No test shares a port, a working directory or the environment with another.
    maxWorkers: 2,
    // Files share a worker's modules instead of importing src/ afresh each (isolate: false): importing took 42 s of
    // the suite's 91 s. Safe here because no test mocks a module, stubs a global or writes the environment, src/
    // keeps no state between calls, and hooks that close servers are registered per file or per test, never on import.
    isolate: false,
    // Integration tests start loopback servers; give slow machines room without hiding hangs.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // An empty suite is a broken suite.
    passWithNoTests: false,
  },
});
