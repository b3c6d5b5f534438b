/** `word` for one, `words` for any other count: "1 event", "0 events", "3 events". */
export function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
