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

describe('createRedactor(true): the families behind each name', () => {
  const redactor = createRedactor(true);

  it.each([
    ['lon', '17.03'],
    ['lng', '17.03'],
    ['uadata', '{"model":"Pixel 7","platform":"Android"}'],
    ['user[first_name]', 'Jane'],
    ['customer.email', 'x'],
    ['userId', '42'],
    ['Visitor-ID', '42'],
    ['billing_address_line1', 'Main St 1'],
    ['jsessionid', 'ABC123'],
    ['token_auth', 'abc'],
  ])('redacts the parameter %s', (name, value) => {
    expect(redactor.param(name, value)).toBe(REDACTED);
  });

  it('keeps the ordinary parameters', () => {
    for (const name of ['idsite', 'rec', 'url', 'action_name', 'e_c', 'e_a', 'dimension1', 'res', 'id', 'product'])
      expect(redactor.param(name, 'plain')).toBe('plain');
  });

  it('redacts the user id inside _cvar and keeps the rest', () => {
    const out = redactor.param('_cvar', '{"1":["userId","u-4711"],"2":["plan","pro"]}');
    expect(JSON.parse(out)).toEqual({ '1': ['userId', REDACTED], '2': ['plan', 'pro'] });
  });

  it.each([
    ['an e-mail in a fragment', 'https://s.example/#email=jane@example.com', 'jane'],
    ['a user id in a fragment', 'https://s.example/p#uid=u-4711&x=1', 'u-4711'],
    ['a token in a fragment', 'https://s.example/cb#access_token=tok-123', 'tok-123'],
    ['a percent-encoded e-mail', 'https://s.example/?q=jane%40example.com', 'jane'],
    ['a twice-encoded e-mail', 'https://s.example/?q=jane%2540example%252Ecom', 'jane'],
    ['an IPv6 address starting with ::', 'from ::ffff:cb00:7109 today', 'cb00:7109'],
    ['an IPv4 address as one number', 'http://3405803785/p', '3405803785'],
    ['a bracketed personal name', '/f?user[first_name]=Jane&x=1', 'Jane'],
    ['a ;jsessionid', '/cart;jsessionid=A1B2C3D4?x=1', 'A1B2C3D4'],
    ['a visitor id quoted in an error', "Invalid visitor id 'a1b2c3d4e5f60718' in request", 'a1b2c3d4e5f60718'],
    ['a user id after a colon', 'Unknown user_id: 4711 for site', '4711'],
    ['a user id after its words', 'No session for user id 4711', '4711'],
  ])('redacts %s in free text', (_what, text, personal) => {
    expect(redactor.text(text)).not.toContain(personal);
  });

  it('leaves ::add-mask:: style text and ordinary words alone', () => {
    expect(redactor.text('::add-mask:: and ::error::x; the user clicked; std::vector')).toBe(
      '::add-mask:: and ::error::x; the user clicked; std::vector',
    );
  });

  it.each([
    'cf-ipcity',
    'cf-iplatitude',
    'cf-postal-code',
    'x-vercel-ip-city',
    'cloudfront-viewer-city',
    'x-forwarded-user',
    'x-amzn-oidc-identity',
    'x-ms-client-principal-name',
    'x-goog-authenticated-user-email',
    'fastly-client-ip',
    'proxy-authorization',
    'x-api-key',
  ])('redacts the header %s', (name) => {
    const out = redactor.request({ ...request, headers: [[name, 'personal-value']] });
    expect(out.headers).toEqual([[name, REDACTED]]);
  });

  it('redacts personal data in header and parameter names', () => {
    const out = redactor.request({
      ...request,
      headers: [['x-jane@example.com', '1']],
      queryParams: { 'jane@example.com': '', '203.0.113.9': '' },
    });
    expect(JSON.stringify(out)).not.toMatch(/jane|203\.0\.113/);
    expect(Object.keys(out.queryParams)).toEqual([REDACTED, `${REDACTED} (2)`]);
  });
});

describe('createRedactor(false)', () => {
  it('changes nothing when the user turned redaction off', () => {
    const redactor = createRedactor(false);
    expect(redactor.request(request)).toBe(request);
    expect(redactor.text('uid=jane@example.com')).toBe('uid=jane@example.com');
  });
});
