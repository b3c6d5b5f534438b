import inputs from './action-inputs.json' with { type: 'json' };

/**
 * The action's inputs, as scripts/action-inputs.mjs writes them from
 * action.yml into action-inputs.json (`npm run docs`, `npm run build`; never
 * edited by hand): the CLI's flags, `--help`, the defaults and the secret
 * inputs all come from here. test/config/action-inputs.test.ts fails when the
 * file and action.yml disagree.
 */
export interface ActionInput {
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
  /** action.yml's default, verbatim ('' when it has none). */
  readonly default: string;
  /** Its description says to store it as a secret: masked first, never printed, scrubbed from everything written. */
  readonly secret: boolean;
}

export const ACTION_INPUTS: readonly ActionInput[] = inputs;

/** The inputs that are secrets, in action.yml order. */
export const SECRET_INPUTS: readonly string[] = ACTION_INPUTS.filter((input) => input.secret).map((input) => input.name);
