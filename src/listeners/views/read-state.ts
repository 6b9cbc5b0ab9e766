import { INPUT_ACTION_ID } from '../../slack/ids.js';

/**
 * Reads one input's value from a `view_submission`'s `view.state.values`, whatever shape arrives: the text of
 * plain_text/email/url inputs, or the selected option's value of a select. Anything else (missing block, null,
 * wrong type) is undefined. Shapes: https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload.
 */
export function readInput(values: unknown, blockId: string): string | undefined {
  const block = field(values, blockId);
  const element = field(block, INPUT_ACTION_ID);
  const value = field(element, 'value');
  if (typeof value === 'string') return value;
  const option = field(field(element, 'selected_option'), 'value');
  return typeof option === 'string' ? option : undefined;
}

/**
 * Reads a multi-select's chosen values from `view.state.values` (`selected_options: [{text, value}]`,
 * the view interaction payload): the string values, duplicates dropped, in the order sent. Entries that are not an
 * option with a string value are skipped.
 * @returns [] when nothing is chosen (`selected_options` empty, null or missing); undefined when the block is not
 *   in the submission (the form did not show it) or its shape is not a multi-select's
 */
export function readSelectedOptions(values: unknown, blockId: string): string[] | undefined {
  const element = field(field(values, blockId), INPUT_ACTION_ID);
  if (typeof element !== 'object' || element === null || Array.isArray(element)) return undefined;
  const options = field(element, 'selected_options');
  if (options === undefined || options === null) return [];
  if (!Array.isArray(options)) return undefined;
  const chosen = new Set<string>();
  for (const option of options) {
    const value = field(option, 'value');
    if (typeof value === 'string') chosen.add(value);
  }
  return [...chosen];
}

/** True when the submission's `view.state.values` has the input block `blockId` (the form showed it). */
export function hasInput(values: unknown, blockId: string): boolean {
  return field(values, blockId) !== undefined;
}

function field(container: unknown, key: string): unknown {
  if (typeof container !== 'object' || container === null || Array.isArray(container)) return undefined;
  return Object.hasOwn(container, key) ? (container as Record<string, unknown>)[key] : undefined;
}
