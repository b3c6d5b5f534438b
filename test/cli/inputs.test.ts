import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../../src/config.js';
import { helpText } from '../../src/cli/help.js';
import { CLI_INPUTS, CLI_SHAPES, envName, envNames, FLAG_NAMES } from '../../src/cli/inputs.js';
import { SECRET_INPUTS } from '../../src/config/action-inputs.js';

const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, unknown> };

describe('the CLI inputs table', () => {
  it('offers every input of action.yml, in its order, and shapes only inputs action.yml has', () => {
    expect(CLI_INPUTS.map((i) => i.name)).toEqual(Object.keys(action.inputs));
    for (const name of Object.keys(CLI_SHAPES)) expect(Object.keys(action.inputs)).toContain(name);
  });

  it('offers every input parseConfig reads, and nothing else', () => {
    const read = new Set<string>();
    const valid: Record<string, string> = {
      'instance-url': 'https://example.piwik.pro',
      'site-id': '0b6f0b9c-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
      'client-id': 'id',
      'client-secret': 'secret',
    };
    parseConfig((name) => {
      read.add(name);
      return valid[name] ?? '';
    });
    expect([...read].sort()).toEqual(CLI_INPUTS.map((i) => i.name).sort());
  });

  it("gives parseConfig's defaults the same values as action.yml's defaults", () => {
    const required: Record<string, string> = {
      'instance-url': 'https://example.piwik.pro',
      'site-id': '0b6f0b9c-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
      'client-id': 'id',
      'client-secret': 'secret',
    };
    const empty = parseConfig((name) => required[name] ?? '');
    // github-token's default is a workflow expression; the CLI reads GITHUB_TOKEN instead.
    const withDefaults = parseConfig(
      (name) => required[name] ?? (name === 'github-token' ? '' : (CLI_INPUTS.find((i) => i.name === name)?.default ?? '')),
    );
    expect(withDefaults).toEqual(empty);
  });

  it('marks kinds that match the values: booleans default to true or false', () => {
    for (const input of CLI_INPUTS) {
      if (input.kind === 'boolean') expect(['true', 'false'], input.name).toContain(input.default);
    }
    // The CLI masks exactly the inputs action.yml calls secret (the list itself: test/config/action-inputs.test.ts).
    expect(CLI_INPUTS.filter((i) => i.secret).map((i) => i.name)).toEqual(SECRET_INPUTS);
  });

  it('names environment variables PIWIK_ + upper-snake input name, with the conveniences after it', () => {
    expect(envName('client-secret')).toBe('PIWIK_CLIENT_SECRET');
    expect(envNames('slack-webhook-url')).toEqual(['PIWIK_SLACK_WEBHOOK_URL', 'SLACK_WEBHOOK_URL']);
    expect(envNames('github-token')).toEqual(['PIWIK_GITHUB_TOKEN', 'GITHUB_TOKEN']);
  });

  it('names a setting in messages by its flag and every variable it is read from', () => {
    expect(FLAG_NAMES.of('client-secret')).toBe('--client-secret (or PIWIK_CLIENT_SECRET)');
    expect(FLAG_NAMES.of('github-token')).toBe('--github-token (or PIWIK_GITHUB_TOKEN or GITHUB_TOKEN)');
    expect(FLAG_NAMES.set('since', 'window')).toBe('--since window (or PIWIK_SINCE=window)');
  });
});

describe('--help', () => {
  const help = helpText();
  const flat = help.replace(/\s+/g, ' ');

  it.each(CLI_INPUTS.map((i) => [i.name, i] as const))('documents --%s with its description, default and variable', (name, input) => {
    expect(help).toContain(`--${name}`);
    expect(flat).toContain(input.description.replace(/\s+/g, ' '));
    if (input.required)
      expect(flat).toMatch(new RegExp(`--${name} [^\\n]*? ${escape(input.description.slice(0, 20))}[\\s\\S]*?Required\\.`));
    else if (input.cliDefault) expect(flat).toContain(`Default: ${input.cliDefault}.`);
    else expect(flat).toContain(input.default === '' ? 'Default: none.' : `Default: ${input.default}.`);
    expect(flat).toContain(envName(name));
  });

  it('lists the exit codes and the CLI options', () => {
    for (const code of ['0', '1', '2', '3']) expect(help).toMatch(new RegExp(`^ {2}${code} {2}\\S`, 'm'));
    for (const flag of ['--json', '--report FILE', '--help', '--version']) expect(help).toContain(flag);
  });

  it('fits an 80-column terminal', () => {
    for (const line of help.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
