import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { architectureDoc, importsOfSrc, layersOf, violations } from './support/architecture.js';
import { filesUnder } from './support/files.js';

/** A room of one concern stays readable in one sitting; past this, a file is split by what it does. */
const MAX_LINES = 300;

/** docs/architecture.md's layers are the rule for src/'s imports: no circle, nothing imports upward or sideways. */
describe('the layout of src/', () => {
  const layers = layersOf(architectureDoc());

  it('has no import circle, and every import runs down the layers of docs/architecture.md', async () => {
    const { files, imports, circles } = await importsOfSrc();
    expect(files.length).toBeGreaterThan(100);
    expect(circles).toEqual([]);
    expect(violations(layers, files, imports)).toEqual([]);
  }, 60_000);

  it('catches an upward import, a sideways one and a file in no layer', () => {
    const files = ['src/text/plural.ts', 'src/report/report.ts', 'src/slack/send.ts', 'src/github/issue-sync.ts', 'src/nowhere.ts'];
    const found = violations(layers, files, [
      { from: 'src/text/plural.ts', to: 'src/report/report.ts' },
      { from: 'src/slack/send.ts', to: 'src/github/issue-sync.ts' },
      { from: 'src/report/report.ts', to: 'src/text/plural.ts' },
      { from: 'src/config.ts', to: 'src/config/settings.ts' },
    ]);
    expect(found).toEqual([
      'src/nowhere.ts is in no layer of docs/architecture.md',
      expect.stringMatching(/^src\/text\/plural\.ts imports src\/report\/report\.ts: layer \d+ must not import layer \d+ above it$/),
      expect.stringMatching(/^src\/slack\/send\.ts imports src\/github\/issue-sync\.ts: src\/slack and src\/github share layer/),
    ]);
  });

  it(`has no file over ${MAX_LINES} lines`, async () => {
    const files = (await filesUnder('src')).filter((f) => f.endsWith('.ts')).map((f) => `src/${f}`);
    const long: string[] = [];
    for (const file of files) {
      const lines = (await readFile(file, 'utf8')).split('\n').length - 1;
      if (lines > MAX_LINES) long.push(`${file}: ${lines} lines`);
    }
    expect(files.length).toBeGreaterThan(100);
    expect(long).toEqual([]);
  });
});
