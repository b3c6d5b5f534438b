// Fake people and browsers: the personal data the action must redact.

/** @import { Rng } from './types.js' */

export const FIRST_NAMES = ['anna', 'jan', 'maria', 'piotr', 'john', 'emma', 'lukas', 'sofia', 'oliver', 'zofia', 'mateo', 'ines'];
export const LAST_NAMES = ['kowalska', 'nowak', 'smith', 'muller', 'garcia', 'rossi', 'dubois', 'jensen', 'novak', 'silva'];
const MAIL_DOMAINS = ['example.com', 'example.org', 'mail.example.net'];
const CITIES = [
  { country: 'PL', city: 'Wroclaw', lat: '51.1079', lon: '17.0385', lang: 'pl-PL,pl;q=0.9,en-US;q=0.8,en;q=0.7' },
  { country: 'DE', city: 'Berlin', lat: '52.5200', lon: '13.4050', lang: 'de-DE,de;q=0.9,en;q=0.8' },
  { country: 'US', city: 'Austin', lat: '30.2672', lon: '-97.7431', lang: 'en-US,en;q=0.9' },
  { country: 'FR', city: 'Lyon', lat: '45.7640', lon: '4.8357', lang: 'fr-FR,fr;q=0.9,en;q=0.6' },
];
const BROWSERS = [
  {
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
    os: ['WIN', 'Windows'],
    osVersion: '10',
    engine: 'Blink',
    browser: ['CH', 'Chrome'],
    version: '126.0',
    device: [0, 'Desktop'],
    res: [1920, 1080],
  },
  {
    ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
    os: ['MAC', 'Mac'],
    osVersion: '14.5',
    engine: 'WebKit',
    browser: ['SF', 'Safari'],
    version: '17.5',
    device: [0, 'Desktop'],
    res: [2560, 1440],
  },
  {
    ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    os: ['IOS', 'iOS'],
    osVersion: '17.5',
    engine: 'WebKit',
    browser: ['MF', 'Mobile Safari'],
    version: '17.5',
    device: [1, 'Smartphone'],
    res: [390, 844],
  },
  {
    ua: 'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
    os: ['LIN', 'GNU/Linux'],
    osVersion: '',
    engine: 'Gecko',
    browser: ['FF', 'Firefox'],
    version: '127.0',
    device: [0, 'Desktop'],
    res: [1366, 768],
  },
];
export const CRAWLER_UA = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

/**
 * A documentation-range address (RFC 5737), so no real person is named.
 * @param {Rng} rng
 */
function fakeIp(rng) {
  return `${rng.pick(['203.0.113', '198.51.100', '192.0.2'])}.${rng.int(1, 254)}`;
}

/**
 * A made-up visitor: who, where, with which browser.
 * @param {Rng} rng
 * @param {string | null | undefined} userId left out: a made-up e-mail address; '' or null: anonymous
 */
export function makeVisitor(rng, userId) {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  return {
    // undefined: a made-up e-mail address (the personal data redaction must catch); '' or null: an anonymous visitor.
    userId: userId === undefined ? `${first}.${last}${rng.int(1, 99)}@${rng.pick(MAIL_DOMAINS)}` : userId || '',
    ip: fakeIp(rng),
    place: rng.pick(CITIES),
    browser: rng.pick(BROWSERS),
    configId: rng.hex(16),
    phpSession: rng.hex(26),
  };
}
