import { describe, expect, it } from 'vitest';
import { Scrubber } from '../../src/safety/secrets.js';

const TOKEN = 'ghs_16C7e42F292c6912E7710c838347Ae178B4a';
const WEBHOOK = 'https://hooks.slack.com/services/T0123ABCD/B0456EFGH/abcdefghijklmnopqrstuvwx';

describe('Scrubber', () => {
  it('masks a secret, its URL-encoded form, and the token parts of a webhook URL', () => {
    const scrubber = new Scrubber(['s3cr3t/with space', WEBHOOK]);
    const text = `x s3cr3t/with space y s3cr3t%2Fwith%20space z ${WEBHOOK} token abcdefghijklmnopqrstuvwx`;
    const out = scrubber.text(text);
    for (const part of ['s3cr3t', 'T0123ABCD', 'B0456EFGH', 'abcdefghijklmnopqrstuvwx']) expect(out).not.toContain(part);
    expect(out).toBe('x *** y *** z *** token ***');
  });

  it('leaves text alone when it holds no secret, and ignores values too short to mask safely', () => {
    const scrubber = new Scrubber(['ab', TOKEN]);
    expect(scrubber.text('about a tab, ghs_ and 16C7e42F')).toBe('about a tab, ghs_ and 16C7e42F');
  });

  it.each([
    ['exact', `a ${TOKEN} b`],
    ['upper case', `a ${TOKEN.toUpperCase()} b`],
    ['URL-encoded twice', `a ${encodeURIComponent(encodeURIComponent(`${TOKEN}/`))} b`],
    ['JSON-escaped', `a ${JSON.stringify({ t: TOKEN })} b`],
    ['Markdown-escaped', `a ${TOKEN.replace(/_/g, '\\_')} b`],
    ['split across a line break', `a ${TOKEN.slice(0, 20)}\r\n  ${TOKEN.slice(20)} b`],
    ['broken by a zero-width space', `a ${TOKEN.slice(0, 20)}\u200b${TOKEN.slice(20)} b`],
    ['cut to a 12-character prefix', `a ${TOKEN.slice(0, 12)}… b`],
    ['in base64 at any alignment', `a ${Buffer.from(`x-access-token:${TOKEN}`).toString('base64')} b`],
    ['in URL-safe base64', `a ${Buffer.from(`??${TOKEN}`).toString('base64url')} b`],
  ])('finds the token %s', (_form, text) => {
    const out = new Scrubber([TOKEN]).text(text);
    expect(out).toMatch(/^a .*\*\*\*.* b$/);
    expect(out.replace(/\s/g, '')).not.toContain(TOKEN.slice(0, 12));
    expect(out).not.toContain(TOKEN.slice(-12));
  });

  it('finds the webhook URL in base64 and split across lines', () => {
    const scrubber = new Scrubber([WEBHOOK]);
    const base64 = Buffer.from(`{"url":"${WEBHOOK}"}`).toString('base64');
    expect(scrubber.text(base64)).not.toMatch(/YWJjZGVmZ2hpamts|abcdefghijkl/);
    expect(scrubber.text(`${WEBHOOK.slice(0, 60)}\n${WEBHOOK.slice(60)}`)).toBe('***');
  });

  it('masks only what matched: the text around stays as it was', () => {
    expect(new Scrubber([TOKEN]).text(`Bearer ${TOKEN}, then more`)).toBe('Bearer ***, then more');
  });

  it('scrubs every string of a value, keys included, and returns the same value when nothing matched', () => {
    const scrubber = new Scrubber([TOKEN]);
    const clean = { a: ['x', { b: 'y' }], n: 1 };
    expect(scrubber.value(clean)).toBe(clean);
    expect(scrubber.value({ a: [`t=${TOKEN}`], [TOKEN]: 2 })).toEqual({ a: ['t=***'], '***': 2 });
  });
});
