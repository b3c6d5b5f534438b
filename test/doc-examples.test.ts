import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOCS, EXAMPLES, examplesIn, readGolden, slackText, withExamples } from '../scripts/doc-examples.mjs';
import { renderGfm } from './support/gfm.js';

/**
 * The examples in README.md and docs/ are written from the golden files by
 * `npm run docs` (scripts/doc-examples.mjs), and the golden files are what the
 * renderers produce (test/golden/renderers.test.ts): so what the docs show is
 * what the action posts and writes. This test fails when a document is not
 * what the script writes, or has lost one of its examples.
 */
describe('examples in the docs', () => {
  for (const [file, names] of Object.entries(DOCS)) {
    const doc = readFileSync(file, 'utf8');

    it(`${file} holds its examples, as \`npm run docs\` writes them from the golden files`, () => {
      expect(examplesIn(doc)).toEqual(names);
      expect(doc).toBe(withExamples(doc, readGolden));
    });
  }

  it('show the Slack digest as its blocks lay out, and the issue body as GitHub renders it', () => {
    const digest = JSON.parse(readGolden('slack-digest.json')) as Parameters<typeof slackText>[0];
    const slack = readFileSync('docs/slack-message.md', 'utf8');
    expect(slack).toContain(`\`\`\`text\n${slackText(digest)}\n\`\`\``);
    expect(slackText(digest).split('\n')[0]).toBe((digest.blocks?.[0]?.text?.text as string | undefined) ?? '');

    // The quoted body renders as the golden body itself does.
    const rendered = renderGfm(readFileSync('docs/github-issues.md', 'utf8'));
    const quote = /<blockquote>\n([\s\S]*?)<\/blockquote>/.exec(rendered)?.[1] ?? '';
    const body = EXAMPLES['issue-body'].show(readGolden('issue-new.md'));
    const squeeze = (html: string) => html.replace(/\s+/g, ' ').trim();
    expect(squeeze(quote)).toBe(squeeze(renderGfm(body)));
    expect(quote).toContain('<th>Fact</th>');
    expect(quote).toContain('<strong>Likely cause:</strong>');
  });

  it('are rewritten when a golden file changes, and a lost end marker is an error', () => {
    const doc = 'a\n<!-- example: slack-notification, generated from x by `npm run docs` -->\nold\n<!-- end of example -->\nb';
    const next = withExamples(doc, () => JSON.stringify({ text: 'new ``` text', blocks: [] }));
    expect(next).toBe(
      'a\n<!-- example: slack-notification, generated from test/golden/__golden__/slack-digest.json by `npm run docs` -->\n````text\nnew ``` text\n````\n<!-- end of example -->\nb',
    );
    expect(() => withExamples(doc.replace('<!-- end of example -->', ''), readGolden)).toThrow(/no end marker/);
    expect(() => withExamples(doc.replace('slack-notification', 'nope'), readGolden)).toThrow(/Unknown example "nope"/);
  });
});
