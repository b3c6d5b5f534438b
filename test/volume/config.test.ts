import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { FLAG_NAMES } from '../../src/cli/inputs.js';
import { checksVolume } from '../../src/config/volume.js';

const SITE = '0a1b2c3d-0000-4000-8000-00000000000a';
const OTHER = '0a1b2c3d-0000-4000-8000-00000000000b';
const base: Record<string, string> = {
  'instance-url': 'https://acme.piwik.pro',
  'site-id': `${SITE} ${OTHER}`,
  'client-id': 'id',
  'client-secret': 's',
};
const parse = (inputs: Record<string, string>, names?: typeof FLAG_NAMES) =>
  parseConfig((name) => ({ ...base, ...inputs })[name], names ? { names } : {});

describe('the volume inputs', () => {
  it('default to 30 minutes (10 in a watch), 20 %, on for every site', () => {
    expect(parse({}).volume).toEqual({ enabled: true, silenceMinutes: 30, dropPercent: 20 });
    expect(parse({ 'watch-minutes': '15', 'timeout-seconds': '1200' }).volume.silenceMinutes).toBe(10);
    expect(parse({ 'watch-minutes': '15', 'timeout-seconds': '1200', 'silence-minutes': '3' }).volume.silenceMinutes).toBe(3);
  });

  it('volume-check takes on, off, or site ids among those scanned', () => {
    expect(parse({ 'volume-check': 'off' }).volume.enabled).toBe(false);
    expect(parse({ 'volume-check': 'ON' }).volume.enabled).toBe(true);
    const limited = parse({ 'volume-check': OTHER.toUpperCase() }).volume;
    expect(limited.sites).toEqual([OTHER]);
    expect(checksVolume(limited, OTHER)).toBe(true);
    expect(checksVolume(limited, SITE)).toBe(false);
  });

  it('names the input (or the flag and variable) and what it accepts, every problem at once', () => {
    expect(() => parse({ 'silence-minutes': '0', 'drop-percent': '99.5', 'volume-check': 'maybe' })).toThrow(
      /'silence-minutes' must be a whole number from 1 to 300 \(got 0\)[\s\S]*'drop-percent' must be a whole number from 1 to 99 \(got '99.5'\)[\s\S]*'volume-check' must be 'on', 'off', or site\/app UUIDs separated by commas \(not a UUID: 'maybe'\)/,
    );
    expect(() => parse({ 'drop-percent': '0' }, FLAG_NAMES)).toThrow(
      /--drop-percent \(or PIWIK_DROP_PERCENT\) must be a whole number from 1 to 99/,
    );
  });
});
