import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';

/** schema/webhook-v1.json compiled with ajv in strict mode: the documented shape, checked on what is sent. */
const schema = JSON.parse(readFileSync('schema/webhook-v1.json', 'utf8')) as object;

export const validateWebhookDocument = new Ajv({ allErrors: true, strict: true })
  .addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
  .addFormat('uri', (text: string) => URL.canParse(text))
  .compile(schema);

/** The validator's errors, for a failing assertion's message. */
export function schemaErrors(): string {
  return JSON.stringify(validateWebhookDocument.errors ?? []);
}
