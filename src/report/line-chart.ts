/**
 * The Mermaid `xychart-beta` source both summary charts draw (events per
 * group, page views per site): one coloured line per series over the same
 * x-axis. Only numbers and text we make enter it (titles, times, keys): the
 * callers keep API text out, in their escaped Markdown legends.
 */
export interface LineChartSpec {
  readonly title: string;
  readonly xLabels: readonly string[];
  readonly yTitle: string;
  readonly lines: readonly { readonly color: string; readonly values: readonly number[] }[];
}

/**
 * Below this top, Mermaid's axis (d3's ten "nice" ticks) steps in fractions
 * (0.2, 0.5) although counts are whole; from 8 up every step is a whole number.
 */
const MIN_AXIS_TOP = 8;

/**
 * Lines rather than stacked bars: GitHub's Mermaid pads the value axis at the
 * bottom, so a bar of 0 is drawn as a stub and an empty bucket would look like
 * a few events; a line at 0 sits on the 0 tick.
 */
export function lineChartSource(spec: LineChartSpec): string {
  const top = Math.max(MIN_AXIS_TOP, ...spec.lines.flatMap((l) => l.values));
  return [
    `%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "${spec.lines.map((l) => l.color).join(', ')}"}}}}%%`,
    'xychart-beta',
    `  title "${spec.title}"`,
    `  x-axis [${spec.xLabels.map((label) => `"${label}"`).join(', ')}]`,
    `  y-axis "${spec.yTitle}" 0 --> ${top}`,
    ...spec.lines.map((l) => `  line [${l.values.join(', ')}]`),
  ].join('\n');
}
