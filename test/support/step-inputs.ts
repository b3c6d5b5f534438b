/**
 * What a step using this action gets wrong against action.yml: inputs the action does not have, and required ones it
 * does not give. The README's examples and the example workflows are checked by this one rule.
 */
export function inputMistakes(
  given: Record<string, unknown> | undefined,
  inputs: Record<string, { required?: unknown }>,
): { unknown: string[]; missing: string[] } {
  const names = Object.keys(given ?? {});
  return {
    unknown: names.filter((name) => !(name in inputs)),
    missing: Object.entries(inputs)
      .filter(([name, input]) => input.required === true && !names.includes(name))
      .map(([name]) => name),
  };
}
