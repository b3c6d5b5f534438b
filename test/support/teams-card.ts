/**
 * Reading a Teams card as a reader sees it: the text of every TextRun, and
 * each RichTextBlock as one line (its runs joined), in order.
 */
export function cardTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(cardTexts);
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  return [
    ...(record.type === 'TextRun' && typeof record.text === 'string' ? [record.text] : []),
    ...Object.values(record).flatMap(cardTexts),
  ];
}

export function cardLines(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(cardLines);
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  if (record.type === 'RichTextBlock') return [cardTexts(record.inlines).join('')];
  return Object.values(record).flatMap(cardLines);
}
