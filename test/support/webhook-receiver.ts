import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The receiver's check exactly as the README shows it: the code block after
 * the `webhook-receiver-check` marker, written to a module and imported, so
 * the tests verify signatures the way a user is told to.
 */
export type VerifyWebhook = (rawBody: string, headers: Record<string, unknown>, secret: string, now?: number) => boolean;

export async function readmeReceiverCheck(): Promise<VerifyWebhook> {
  const readme = await readFile('README.md', 'utf8');
  const match = /<!-- webhook-receiver-check -->\s*```js\n([\s\S]*?)```/.exec(readme);
  if (!match?.[1]) throw new Error('README.md has no code block after <!-- webhook-receiver-check -->');
  const dir = await mkdtemp(join(tmpdir(), 'receiver-'));
  const file = join(dir, 'verify.mjs');
  await writeFile(file, match[1]);
  const module = (await import(pathToFileURL(file).href)) as { verifyPiwikWebhook: VerifyWebhook };
  return module.verifyPiwikWebhook;
}
