import type { Finding } from '../types.js';

/** How a finding's parameter is shown: with the name the site gives it, when it has one ("dimension3 (Customer tier)"). */
export function findingLabel(finding: Pick<Finding, 'parameter' | 'parameterName'>): string {
  return finding.parameterName === undefined ? finding.parameter : `${finding.parameter} (${finding.parameterName})`;
}
