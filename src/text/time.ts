/** An ISO-8601 UTC time as every renderer shows it: `2026-11-29 14:05:00`, fractions and the zone letter dropped (each says "UTC"). */
export function shortTime(iso: string): string {
  return iso.replace('T', ' ').replace(/(:\d{2})(\.\d+)?Z$/, '$1');
}
