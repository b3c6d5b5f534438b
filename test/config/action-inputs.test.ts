import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actionInputsModule, MODULE_PATH, SECRET_MARKER } from '../../scripts/action-inputs.mjs';
import { ACTION_INPUTS, SECRET_INPUTS } from '../../src/config/action-inputs.js';

/**
 * action.yml is the one description of the inputs: the CLI's flags, `--help`, the defaults and the secret inputs
 * come from src/config/action-inputs.json, which scripts/action-inputs.mjs writes from it.
 */
describe('src/config/action-inputs.json', () => {
  it('is what scripts/action-inputs.mjs writes from action.yml (else run `npm run docs`)', async () => {
    const wanted = await actionInputsModule(readFileSync('action.yml', 'utf8'), MODULE_PATH);
    expect(readFileSync(MODULE_PATH, 'utf8')).toBe(wanted);
  });

  it('marks as secret exactly the inputs whose description says to store them as one', () => {
    expect(SECRET_INPUTS).toEqual([
      'client-secret',
      'slack-webhook-url',
      'teams-webhook-url',
      'webhook-url',
      'webhook-secret',
      'smtp-url',
      'github-token',
    ]);
    for (const input of ACTION_INPUTS) expect(input.secret, input.name).toBe(SECRET_MARKER.test(input.description));
  });

  it('writes a secret input for a new one, and a plain one for a description that only mentions secrets', async () => {
    const yml = [
      'inputs:',
      '  teams-webhook-url:',
      '    description: Teams webhook. Store it as a secret.',
      '  client-id:',
      '    description: The client of the client secret.',
      '    default: x',
    ].join('\n');
    const text = await actionInputsModule(yml, MODULE_PATH);
    const written = JSON.parse(text) as { name: string; default: string; secret: boolean }[];
    expect(written.map((i) => [i.name, i.default, i.secret])).toEqual([
      ['teams-webhook-url', '', true],
      ['client-id', 'x', false],
    ]);
  });
});
