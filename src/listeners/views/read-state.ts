import { INPUT_ACTION_ID } from '../../slack-ids.js';

/**
 * Reads one input's value from a `view_submission`'s `view.state.values`, whatever shape arrives: the text of
 * plain_text/email/url inputs, or the selected option's value of a select. Anything else (missing block, null,
 * wrong type) is undefined. Shapes: slack-platform.md §2.3.
 */
export function readInput(values: unknown, blockId: string): string | undefined {
  const block = field(values, blockId);
  const element = field(block, INPUT_ACTION_ID);
  const value = field(element, 'value');
  if (typeof value === 'string') return value;
  const option = field(field(element, 'selected_option'), 'value');
  return typeof option === 'string' ? option : undefined;
}

function field(container: unknown, key: string): unknown {
  if (typeof container !== 'object' || container === null || Array.isArray(container)) return undefined;
  return Object.hasOwn(container, key) ? (container as Record<string, unknown>)[key] : undefined;
}
