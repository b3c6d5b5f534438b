import { findingLabel } from '../diagnosis/label.js';
import type { Diagnosis } from '../types.js';
import { inlineKeepingCode } from './markdown.js';

/**
 * A group's diagnosis in Markdown (job summary and issues): the likely cause
 * with its fix, then the other findings. Findings are ours in wording; their
 * values were shortened, redacted and stripped of backticks by the diagnosis.
 */
export function diagnosisMarkdown(diagnosis: Diagnosis, maxFindings = 5): string {
  const causes = diagnosis.findings.filter((f) => f.severity === 'cause');
  const info = diagnosis.findings.filter((f) => f.severity === 'info');
  const top = causes.at(0);
  const others = causes.slice(1);
  if (!top) {
    const unknown =
      info.length > 0
        ? ` Undocumented parameters (information only): ${info
            .slice(0, maxFindings)
            .map((f) => `\`${findingLabel(f)}\``)
            .join(', ')}.`
        : '';
    return `**Diagnosis:** ${sentence(diagnosis.summary)}${inlineKeepingCode(unknown)}`;
  }
  // Paragraphs of their own: lines of one paragraph would run together when rendered.
  const parts = [`**Likely cause:** ${sentence(diagnosis.summary)}`, `**Fix:** ${sentence(top.hint)}`];
  const rest = [...others, ...info].slice(0, maxFindings - 1);
  if (rest.length > 0) {
    parts.push(
      [
        'Also found:',
        ...rest.map(
          (f) =>
            `- ${inlineKeepingCode(`\`${findingLabel(f)}\`${f.value ? ` = \`${f.value}\`` : ''} ${f.problem} (expected ${f.expected})${f.severity === 'info' ? ' (information only)' : ''}`)}`,
        ),
      ].join('\n'),
    );
  }
  return parts.join('\n\n');
}

/** The likely cause in one short line for a table cell; '' without a diagnosis. */
export function likelyCauseCell(diagnosis: Diagnosis | undefined, maxChars = 160): string {
  if (!diagnosis) return '';
  return inlineKeepingCode(diagnosis.summary, maxChars, true);
}

/** One escaped sentence with exactly one full stop at the end. */
function sentence(text: string): string {
  const line = inlineKeepingCode(text);
  return /[.!?]$/.test(text.trim()) ? line : `${line}.`;
}
