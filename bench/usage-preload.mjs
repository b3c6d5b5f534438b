// Loaded into the action's process with `node --import` (cases 1-3, never the
// start-up runs). At exit it writes the process's own resource figures to the
// file named by BENCH_USAGE_FILE, as JSON: peak resident set size in KiB
// (Linux reports maxRSS in KiB) and user/system CPU time in ms. Read from
// inside the child, so the bench process (which holds the simulator) is never
// mixed in. Deliberately tiny: it loads only node:fs, so it barely moves the
// figures it measures.
import { writeFileSync } from 'node:fs';

const target = process.env.BENCH_USAGE_FILE;
if (target) {
  process.on('exit', () => {
    try {
      const usage = process.resourceUsage();
      writeFileSync(
        target,
        JSON.stringify({ maxRssKb: usage.maxRSS, userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000 }),
      );
    } catch {
      // The bench reports a missing figure; the action's own exit status is what matters here.
    }
  });
}
