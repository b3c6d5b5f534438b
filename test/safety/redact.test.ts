import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor, REDACTED } from '../../src/safety/redact.js';
import type { RawRequest } from '../../src/types.js';

const request: RawRequest = {
  id: 'log-1',
  time: '2026-11-29T10:00:00Z',
  method: 'GET',
  scheme: 'https',
  host: 'acme.piwik.pro',
  headers: [
    ['x-forwarded-for', '203.0.113.7'],
    ['user-agent', 'Mozilla/5.0 (X11; Linux x86_64)'],
    ['x-geoip-city', 'Wrocław'],
    ['accept-language', 'en-US'],
    ['referer', 'https://shop.example/account?email=jane%40example.com&tab=2'],
  ],
  queryParams: {
    idsite: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
    uid: 'jane.doe@example.com',
    _id: '288f90221c221f81',
    cid: '257cc22df0ec483a',
    url: 'https://shop.example/checkout?user=jane&step=2&contact=jane.doe@example.com',
    e_v: 'twelve',
    dimension1: 'call me at 198.51.100.4',
  },
};

describe('createRedactor(true)', () => {
  const redactor = createRedactor(true);

  it('replaces personal parameters, headers, e-mails and IPs in a raw request', () => {
    const out = redactor.request(request);
    expect(out.queryParams).toMatchObject({
      uid: REDACTED,
      _id: REDACTED,
      cid: REDACTED,
      e_v: 'twelve',
      idsite: request.queryParams.idsite,
    });
    expect(out.queryParams.url).toBe(`https://shop.example/checkout?user=${REDACTED}&step=2&contact=${REDACTED}`);
    expect(out.queryParams.dimension1).toBe(`call me at ${REDACTED}`);
    expect(Object.fromEntries(out.headers)).toEqual({
      'x-forwarded-for': REDACTED,
      'user-agent': REDACTED,
      'x-geoip-city': REDACTED,
      'accept-language': 'en-US',
      referer: `https://shop.example/account?email=${REDACTED}&tab=2`,
    });
    const text = JSON.stringify(out);
    for (const secret of ['jane', '203.0.113.7', '198.51.100.4', '288f90221c221f81', '257cc22df0ec483a', 'Mozilla', 'Wrocław']) {
      expect(text).not.toContain(secret);
    }
  });

  it('redacts personal data quoted inside an error message', () => {
    // A personal value runs to the next separator: over-redacting a comma is better than leaking what follows it.
    expect(redactor.text('Resolving referrer failed (log: uid=jane@example.com&ip=10.0.0.1 from 2001:db8::1)')).toBe(
      `Resolving referrer failed (log: uid=${REDACTED}&ip=${REDACTED} from ${REDACTED})`,
    );
  });

  it('handles megabyte values in linear time (an unbounded pattern took minutes here)', () => {
    // No wall-clock assertion: the suite's timeout is the bound, a thousand times what linear time needs.
    for (const value of ['a.'.repeat(500_000), `${'x='.repeat(10)}${'a'.repeat(1_000_000)}`, '1'.repeat(1_000_000)]) {
      expect(redactor.text(value)).toHaveLength(value.length);
    }
    expect(redactor.text(`${'a'.repeat(1_000_000)} jane@example.com`)).toMatch(/\[redacted\]$/);
  });

  it('leaves times and ordinary text alone', () => {
    expect(redactor.text('at 2026-11-29T13:30:07 value 7.12 for order ORD-18')).toBe('at 2026-11-29T13:30:07 value 7.12 for order ORD-18');
  });

  it('redacts a personal parameter whatever its value', () => {
    fc.assert(fc.property(fc.string(), (value) => redactor.param('uid', value) === REDACTED && redactor.param('UID', value) === REDACTED));
  });

  it('never lets an e-mail address through free text', () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.string(), fc.string(), (email, before, after) => {
        expect(redactor.text(`${before} ${email} ${after}`)).not.toContain(email);
      }),
    );
  });

  // The list is the behaviour: each name here loses its value, in a request's parameters and in free text alike.
  it.each([
    ...['uid', 'user_id', '_id', 'visitor_id', 'cid', 'cookie_id', 'cip', 'ua', 'uia', 'country', 'region', 'city', 'lat', 'long', 'geo'],
    ...['email', 'e-mail', 'mail', 'user', 'username', 'userid', 'login', 'name', 'first_name', 'firstname', 'last_name', 'lastname'],
    ...['phone', 'tel', 'mobile', 'address', 'street', 'zip', 'postcode', 'postal_code', 'dob', 'birthdate', 'ssn', 'ip'],
    ...['token', 'access_token', 'id_token', 'auth', 'password', 'pass', 'pwd', 'secret', 'session', 'sessionid', 'sid', 'key', 'api_key'],
    ...['gclid', 'fbclid', 'msclkid', 'dclid'],
  ])('treats the %s parameter as personal', (name) => {
    expect(redactor.param(name, 'Jane-42')).toBe(REDACTED);
    expect(redactor.param(name.toUpperCase(), 'Jane-42')).toBe(REDACTED);
    expect(redactor.text(`https://shop.example/?${name}=Jane-42&page=2`)).toBe(`https://shop.example/?${name}=${REDACTED}&page=2`);
  });

  it('reads a percent-encoded parameter name as the name it encodes', () => {
    expect(redactor.text('https://shop.example/?%75id=Jane-42&user%5Fid=7&page=2')).toBe(
      `https://shop.example/?%75id=${REDACTED}&user%5Fid=${REDACTED}&page=2`,
    );
    // A name that is not valid percent-encoding is compared as it stands.
    expect(redactor.text('?%E0%A4%A=1&uid=2')).toBe(`?%E0%A4%A=1&uid=${REDACTED}`);
  });

  it('matches header names whatever their case, as HTTP does', () => {
    const out = redactor.request({
      ...request,
      headers: [
        ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64)'],
        ['Authorization', 'Bearer abc123'],
        ['Sec-CH-UA-Platform', '"Linux"'],
        ['Accept-Language', 'en-US'],
      ],
    });
    expect(out.headers).toEqual([
      ['User-Agent', REDACTED],
      ['Authorization', REDACTED],
      ['Sec-CH-UA-Platform', REDACTED],
      ['Accept-Language', 'en-US'],
    ]);
  });
});

describe('createRedactor(false)', () => {
  it('changes nothing when the user turned redaction off', () => {
    const redactor = createRedactor(false);
    expect(redactor.request(request)).toBe(request);
    expect(redactor.text('uid=jane@example.com')).toBe('uid=jane@example.com');
  });
});
