/**
 * Wall-clock times in a site's time zone, both ways. The Analytics API reads
 * and writes `timestamp` in the website's time zone, without an offset, so a
 * minute there is an instant only once the zone is known (src/volume/read.ts
 * refuses to judge a site whose zone it does not know rather than guess).
 */

const PARTS_CACHE = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = PARTS_CACHE.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    PARTS_CACHE.set(timeZone, format);
  }
  return format;
}

/** Whether Node knows the zone name. */
export function isKnownZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at an instant, in ms (east positive). */
function offsetAt(ms: number, timeZone: string): number {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return wall - Math.floor(ms / 1000) * 1000;
}

/** `YYYY-MM-DD HH:MM:SS` on the zone's wall clock. */
export function toWallClock(ms: number, timeZone: string): string {
  return new Date(ms + offsetAt(ms, timeZone)).toISOString().slice(0, 19).replace('T', ' ');
}

const WALL_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * The instant of a wall-clock time in the zone (ms), or undefined for text that is not one.
 * A time that carries its own offset (or Z) is taken as it says.
 */
export function fromWallClock(text: string, timeZone: string): number | undefined {
  const m = WALL_RE.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m;
  const s = (m[6] as string | undefined) ?? '0';
  const zone = m[8] as string | undefined;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(wall)) return undefined;
  if (zone !== undefined) {
    if (zone === 'Z') return wall;
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    return wall - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  // The offset at the guess, then again at the result: right on both sides of a DST change.
  const first = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(first, timeZone);
}
