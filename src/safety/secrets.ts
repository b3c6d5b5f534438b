import { parseUrl } from '../text/parse-url.js';

/**
 * Keeping secrets (the client secret, the access token, the GitHub token, the
 * Slack webhook URL) out of every text that leaves the process. A secret can
 * show up in many forms: as given, URL-encoded (once or twice), JSON- or
 * Markdown-escaped, as HTML entities, in base64 (at any alignment inside a
 * longer base64 text, as in a Basic authorization header), in another case,
 * split across line breaks, cut short by a message length limit, and (for a
 * URL such as a Slack webhook) by its parts: the path and its long segments
 * are secrets on their own.
 *
 * So text is compared on a *view*: lower-cased, without white space and
 * zero-width characters, without the backslash of an escaped punctuation
 * character, with the entities &amp; &lt; &gt; &quot; &#39; read as their
 * character. Escaping, wrapping and case then no longer matter, and only the
 * encodings that change the characters (percent-encoding, base64) need forms
 * of their own. An opaque form (a token, not a URL) is also found by any
 * prefix of at least PREFIX_CHARS characters: what is left of it after a cut.
 */

/** A cut secret still counts when at least this much of its start is left. */
const PREFIX_CHARS = 12;
/** Shorter secrets would mask ordinary words. */
const MIN_SECRET_CHARS = 4;
/** Shorter parts of a secret (URL segments, encodings) are not secrets on their own. */
const MIN_FORM_CHARS = 6;

export interface SecretForm {
  /** In view form (see above). */
  readonly text: string;
  /** Found by any prefix of PREFIX_CHARS characters or more, not only whole. */
  readonly prefix: boolean;
}

/** Every form a secret may take in text, each once, in view form. */
function secretForms(secret: string): SecretForm[] {
  const forms = new Map<string, boolean>();
  const put = (text: string, prefix: boolean) => {
    const key = viewOf(text).view;
    if (key.length < (key === viewOf(secret).view ? MIN_SECRET_CHARS : MIN_FORM_CHARS)) return;
    forms.set(key, (forms.get(key) ?? false) || (prefix && key.length >= PREFIX_CHARS));
  };
  const url = httpUrl(secret);
  const opaque = url ? urlSegments(url) : [secret];
  const whole = url ? urlForms(url, secret) : [];
  for (const part of opaque) for (const form of encodings(part)) put(form, true);
  for (const part of whole) for (const form of encodings(part)) put(form, false);
  // base64 of the whole secret, and of its opaque parts: starts and ends that depend on neighbours are left off.
  for (const part of new Set([secret, ...opaque])) for (const form of base64Forms(part)) put(form, true);
  return [...forms].map(([text, prefix]) => ({ text, prefix }));
}

function urlForms(url: URL, secret: string): string[] {
  const forms = new Set([secret, secret.replace(/\/+$/, ''), url.href, `${url.origin}${url.pathname}`, `${url.host}${url.pathname}`]);
  if (url.pathname.length > 1) forms.add(url.pathname);
  if (url.search.length > 1) forms.add(url.search);
  return [...forms];
}

/** The long segments of a URL's path and its query values: the tokens in it. */
function urlSegments(url: URL): string[] {
  const segments = url.pathname.split('/').filter((s) => s.length >= MIN_FORM_CHARS && s !== 'services');
  return [...segments, ...[...url.searchParams.values()].filter((v) => v.length >= MIN_FORM_CHARS)];
}

function encodings(text: string): string[] {
  const once = encodeURIComponent(text);
  return [text, once, encodeURI(text), encodeURIComponent(once), new URLSearchParams({ x: text }).toString().slice(2)];
}

/** A secret inside base64 text, at each of the three byte alignments, in both alphabets. */
function base64Forms(text: string): string[] {
  const bytes = Buffer.from(text, 'utf8');
  const out: string[] = [];
  for (let shift = 0; shift < 3; shift += 1) {
    const padded = Buffer.concat([Buffer.alloc(shift), bytes]);
    const encoded = padded.toString('base64').replace(/=+$/, '');
    // Characters that also hold bits of the padding before, or of whatever follows, are dropped.
    const start = [0, 2, 3][shift] ?? 0;
    const end = padded.length % 3 === 0 ? encoded.length : encoded.length - 1;
    const core = encoded.slice(start, end);
    out.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

// ---------------------------------------------------------------------------
// The view

/** What the view leaves out or reads as one character. */
const NOISE = /[\s\u0085\u180e\u200b-\u200d\u2060\ufeff]+|\\[nrt]|\\(?=[!-/:-@[-`{-~])|&(?:amp|lt|gt|quot|#0*39|#x0*27);/gi;
const ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"' };

function entityChar(match: string): string {
  const lower = match.toLowerCase();
  if (lower.startsWith('&#')) return "'";
  return ENTITIES[lower] ?? '';
}

interface View {
  readonly view: string;
  /** Per view character: where it starts and ends in the text. Only built when asked. */
  readonly starts?: Int32Array;
  readonly ends?: Int32Array;
}

function viewOf(text: string, withMap = false): View {
  if (!withMap) return { view: text.replace(NOISE, (m) => (m.startsWith('&') ? entityChar(m) : '')).toLowerCase() };
  // Lower-cased one character at a time: a few characters grow when lower-cased, and the map must follow.
  const starts: number[] = [];
  const ends: number[] = [];
  const parts: string[] = [];
  const put = (char: string, start: number, end: number) => {
    const lower = char.toLowerCase();
    parts.push(lower);
    for (let i = 0; i < lower.length; i += 1) {
      starts.push(start);
      ends.push(end);
    }
  };
  let at = 0;
  for (const m of text.matchAll(NOISE)) {
    for (let i = at; i < m.index; i += 1) put(text[i] ?? '', i, i + 1);
    const char = m[0].startsWith('&') ? entityChar(m[0]) : '';
    if (char !== '') put(char, m.index, m.index + m[0].length);
    at = m.index + m[0].length;
  }
  for (let i = at; i < text.length; i += 1) put(text[i] ?? '', i, i + 1);
  return { view: parts.join(''), starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}

// ---------------------------------------------------------------------------
// Scrubbing

/** Replaces every form of the secrets it was given; one instance per run, fed as secrets become known. */
export class Scrubber {
  private readonly forms = new Map<string, SecretForm>();
  private anchors?: RegExp;

  constructor(
    secrets: readonly string[] = [],
    private readonly mask = '***',
  ) {
    for (const secret of secrets) this.add(secret);
  }

  add(secret: string): void {
    if (secret.trim().length < MIN_SECRET_CHARS) return;
    for (const form of secretForms(secret.trim())) {
      const known = this.forms.get(form.text);
      if (!known || (form.prefix && !known.prefix)) this.forms.set(form.text, form);
    }
    this.anchors = undefined;
  }

  /** The text with every form of every secret masked. Text holding none comes back as it was, at the cost of one pass. */
  text(text: string): string {
    if (this.forms.size === 0 || text.length < MIN_SECRET_CHARS) return text;
    if (!this.anchorPattern().test(viewOf(text).view)) return text;
    return this.mask === '' ? text : this.replace(text);
  }

  /** A value with every string in it scrubbed (a report, a payload); the same value when nothing needed it. */
  value<T>(value: T): T {
    if (this.forms.size === 0) return value;
    // undefined for a value JSON cannot hold (undefined itself, a function).
    const json = JSON.stringify(value) as string | undefined;
    if (json === undefined || !this.anchorPattern().test(viewOf(json).view)) return value;
    return this.deep(value) as T;
  }

  private deep(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((v) => this.deep(v));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.text(k), this.deep(v)]));
    }
    return value;
  }

  private anchorPattern(): RegExp {
    this.anchors ??= new RegExp(
      [...this.forms.values()]
        .map((f) => escapeRegExp(f.prefix ? f.text.slice(0, PREFIX_CHARS) : f.text))
        .sort((a, b) => b.length - a.length)
        .join('|'),
    );
    return this.anchors;
  }

  private replace(text: string): string {
    const { view, starts, ends } = viewOf(text, true);
    if (!starts || !ends) return text;
    const ranges: [number, number][] = [];
    for (const form of this.forms.values()) {
      const needle = form.prefix ? form.text.slice(0, PREFIX_CHARS) : form.text;
      for (let at = view.indexOf(needle); at !== -1; at = view.indexOf(needle, at + 1)) {
        let length = needle.length;
        if (form.prefix) while (length < form.text.length && view[at + length] === form.text[length]) length += 1;
        ranges.push([starts[at] ?? 0, ends[at + length - 1] ?? 0]);
      }
    }
    ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    let out = '';
    let done = 0;
    for (const [start, end] of ranges) {
      if (end <= done) continue;
      out += start >= done ? `${text.slice(done, start)}${this.mask}` : '';
      done = end;
    }
    return out + text.slice(done);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The secret as an http(s) URL, whose path and segments are secrets of their own; undefined for anything else. */
function httpUrl(value: string): URL | undefined {
  const url = parseUrl(value);
  return url && (url.protocol === 'http:' || url.protocol === 'https:') ? url : undefined;
}
