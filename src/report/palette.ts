/**
 * The summary charts' colours, each paired with the emoji square of its legend row (Mermaid's
 * xychart-beta has no legend of its own): the events chart and the page-views chart share them.
 */
export const PALETTE = [
  { swatch: '🟦', color: '#3b82f6' },
  { swatch: '🟧', color: '#f97316' },
  { swatch: '🟩', color: '#22c55e' },
  { swatch: '🟥', color: '#ef4444' },
  { swatch: '🟪', color: '#a855f7' },
] as const;

/** The colour of whatever the palette has no room for ("other" groups, last week's page views). */
export const OTHER_COLOUR = { swatch: '🟫', color: '#92400e' } as const;
