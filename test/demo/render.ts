/**
 * Block Kit → plain text, for `npm run demo`: shows in a terminal roughly what Slack shows a person, so the demo's
 * output can be read without a workspace. Covers the blocks and elements this app builds (header, section with
 * fields and accessory, context, divider, actions, input, image, rich_text); anything else is named in brackets.
 *
 * Block and element shapes: Slack's Block Kit reference, https://docs.slack.dev/reference/block-kit/blocks and
 * https://docs.slack.dev/reference/block-kit/block-elements. mrkdwn syntax (`*bold*`, `<@U…>`, `<url|label>`,
 * `<!date^…|fallback>`, entities): https://docs.slack.dev/messaging/formatting-message-text.
 */

/** How to show ids (Slack shows a mention as the person's name, a channel link as its name) and Slack's own words. */
export interface RenderNames {
  /** User id → display name (without `@`). */
  users?: Readonly<Record<string, string>>;
  /** Channel id → channel name (without `#`). */
  channels?: Readonly<Record<string, string>>;
  /** What Slack's client shows after the label of an optional input, in the reader's language; default ` (optional)` (with its leading space). */
  optional?: string;
}

/**
 * The emoji shortcodes this app's messages use, as the characters Slack shows. A shortcode not listed is left as
 * `:name:`, which still reads well.
 */
const EMOJI: Readonly<Record<string, string>> = {
  bell: '🔔',
  gear: '⚙️',
  grey_question: '❔',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  information_source: 'ℹ️',
  leftwards_arrow_with_hook: '↩️',
  no_entry_sign: '🚫',
  robot_face: '🤖',
  tada: '🎉',
  warning: '⚠️',
  wastebasket: '🗑️',
  white_check_mark: '✅',
};

type TextObject = { type?: string; text?: string };
type Element = {
  type?: string;
  text?: TextObject | string;
  alt_text?: string;
  placeholder?: TextObject;
  initial_value?: string;
  initial_option?: { text?: TextObject };
  initial_options?: Array<{ text?: TextObject }>;
  elements?: Element[];
  url?: string;
  name?: string;
  user_id?: string;
  channel_id?: string;
  style?: string;
};
type Block = {
  type?: string;
  block_id?: string;
  text?: TextObject;
  fields?: TextObject[];
  accessory?: Element;
  elements?: Element[];
  label?: TextObject;
  hint?: TextObject;
  element?: Element;
  optional?: boolean;
  alt_text?: string;
  title?: TextObject;
};

/**
 * Turns Slack mrkdwn (or plain_text with emoji shortcodes) into readable plain text: mentions become `@Name`,
 * links `label (url)`, dates their fallback text, `*bold*` / `_italic_` / `~strike~` lose their markers, entities
 * are decoded and known emoji shortcodes become emoji.
 * @param text mrkdwn as sent to Slack
 * @param names how to show user and channel ids
 * @returns the text a reader sees, without formatting
 */
export function mrkdwnToText(text: string, names: RenderNames = {}): string {
  const users = names.users ?? {};
  const channels = names.channels ?? {};
  const out = text
    .replace(/<@([UW][A-Z0-9]+)(?:\|([^>]*))?>/g, (_, id: string, label?: string) => `@${users[id] ?? label ?? id}`)
    .replace(
      /<#([CGD][A-Z0-9]+)(?:\|([^>]*))?>/g,
      (_, id: string, label?: string) => `#${channels[id] ?? (label || id)}`,
    )
    .replace(/<!date\^[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, '@$1')
    .replace(/<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>/g, (_, label?: string) => label ?? '@group')
    .replace(/<((?:https?|mailto|tel):[^|>]+)\|([^>]+)>/g, (_, url: string, label: string) =>
      url.replace(/^(mailto|tel):/, '') === label ? label : `${label} (${url})`,
    )
    .replace(/<((?:https?|mailto|tel):[^>]+)>/g, (_, url: string) => url.replace(/^(mailto|tel):/, ''))
    // Formatting markers count only at word edges (Slack's rule), so masks such as `*******1234` stay as they are.
    .replace(/(^|[\s(“"'])\*([^*\n]+?)\*(?=$|[\s).,:;!?”"'，。：；！？])/gm, '$1$2')
    .replace(/(^|[\s(“"'])_([^_\n]+?)_(?=$|[\s).,:;!?”"'，。：；！？])/gm, '$1$2')
    .replace(/(^|[\s(“"'])~([^~\n]+?)~(?=$|[\s).,:;!?”"'，。：；！？])/gm, '$1$2')
    .replace(/:([a-z0-9_+-]+):/g, (whole, name: string) => EMOJI[name] ?? whole)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  return out;
}

function textOf(object: TextObject | string | undefined, names: RenderNames): string {
  if (object === undefined) return '';
  if (typeof object === 'string') return mrkdwnToText(object, names);
  return mrkdwnToText(object.text ?? '', names);
}

/** A button as `[Label]`, a select as `[Label ▾]`, a text input as its value. */
function elementText(element: Element | undefined, names: RenderNames): string {
  if (!element) return '';
  switch (element.type) {
    case 'button':
      return `[${textOf(element.text, names)}]`;
    case 'static_select':
    case 'external_select':
    case 'users_select':
    case 'conversations_select':
    case 'channels_select':
      return `[${element.initial_option ? textOf(element.initial_option.text, names) : textOf(element.placeholder, names) || '…'} ▾]`;
    case 'multi_static_select':
    case 'multi_external_select':
    case 'multi_users_select':
    case 'multi_conversations_select':
    case 'multi_channels_select': {
      const chosen = (element.initial_options ?? []).map((option) => textOf(option.text, names));
      return `[${chosen.length > 0 ? chosen.join(', ') : textOf(element.placeholder, names) || '…'} ▾]`;
    }
    case 'overflow':
      return '[⋯]';
    case 'image':
      return element.alt_text ? `[${element.alt_text}]` : '';
    case 'plain_text':
    case 'mrkdwn':
      return textOf(element.text, names);
    default:
      return `[${element.type ?? 'element'}]`;
  }
}

/** A text input as Slack shows it: the typed (prefilled) value, or the grey placeholder in parentheses, or a blank. */
function inputValue(element: Element | undefined, names: RenderNames): string {
  if (!element) return '';
  if (element.type?.endsWith('_input')) {
    if (element.initial_value) return `[ ${element.initial_value} ]`;
    const placeholder = textOf(element.placeholder, names);
    return placeholder ? `[ (${placeholder}) ]` : '[ ]';
  }
  return elementText(element, names);
}

function richText(elements: Element[] | undefined, names: RenderNames): string {
  return (elements ?? [])
    .map((element) => {
      if (element.elements) return richText(element.elements, names);
      if (element.type === 'user' && element.user_id) return `@${names.users?.[element.user_id] ?? element.user_id}`;
      if (element.type === 'channel' && element.channel_id)
        return `#${names.channels?.[element.channel_id] ?? element.channel_id}`;
      if (element.type === 'link')
        return typeof element.text === 'string' ? `${element.text} (${element.url})` : (element.url ?? '');
      if (element.type === 'emoji') return EMOJI[element.name ?? ''] ?? `:${element.name}:`;
      return typeof element.text === 'string' ? element.text : '';
    })
    .join('');
}

/**
 * Renders blocks as lines of plain text, the way a reader takes them in: a header as `# Title`, a section's text
 * then its fields (one per line) and its accessory, a context in a smaller `›` line, a divider as a rule, the
 * buttons of an actions block as `[Approve]  [Reject]`, an input as `Label: [ value ]` with its hint and, when
 * given, the inline error Slack shows under it (`errors`, keyed by block_id as in a `response_action: errors`).
 * @param blocks the `blocks` of a message or view
 * @param names how to show user and channel ids
 * @param errors inline errors by block_id
 * @returns lines without trailing newlines
 */
export function renderBlocks(
  blocks: readonly unknown[] | undefined,
  names: RenderNames = {},
  errors: Readonly<Record<string, string>> = {},
): string[] {
  const lines: string[] = [];
  for (const raw of (blocks ?? []) as Block[]) {
    switch (raw.type) {
      case 'header':
        lines.push(`# ${textOf(raw.text, names)}`);
        break;
      case 'section': {
        const accessory = raw.accessory ? elementText(raw.accessory, names) : '';
        if (raw.text) lines.push(...textOf(raw.text, names).split('\n'));
        for (const field of raw.fields ?? []) {
          const [label, ...rest] = textOf(field, names).split('\n');
          lines.push(rest.length > 0 ? `  ${label}: ${rest.join(' / ')}` : `  ${label}`);
        }
        if (accessory) lines.push(`  ${accessory}`);
        break;
      }
      case 'context':
        lines.push(
          `  › ${(raw.elements ?? [])
            .map((element) => elementText(element, names))
            .filter(Boolean)
            .join('  ·  ')}`,
        );
        break;
      case 'divider':
        lines.push('  ────────────────────────');
        break;
      case 'actions':
        lines.push(`  ${(raw.elements ?? []).map((element) => elementText(element, names)).join('  ')}`);
        break;
      case 'input': {
        const label = `${textOf(raw.label, names)}${raw.optional ? (names.optional ?? ' (optional)') : ''}`;
        lines.push(`${label}: ${inputValue(raw.element, names)}`);
        const error = raw.block_id ? errors[raw.block_id] : undefined;
        if (error) lines.push(`  ❗ ${error}`);
        const hint = textOf(raw.hint, names);
        if (hint) lines.push(...hint.split('\n').map((line) => `  (${line})`));
        break;
      }
      case 'image':
        lines.push(`[image: ${raw.alt_text ?? ''}]`);
        break;
      case 'rich_text':
        lines.push(...richText(raw.elements, names).split('\n'));
        break;
      default:
        lines.push(`[${raw.type ?? 'unknown'} block]`);
    }
  }
  return lines;
}

/**
 * Renders a message: its blocks, or its top-level `text` when it has none (then Slack shows the text).
 * @returns lines of plain text
 */
export function renderMessage(
  message: { text?: string | undefined; blocks?: readonly unknown[] | undefined },
  names: RenderNames = {},
): string[] {
  if (message.blocks && message.blocks.length > 0) return renderBlocks(message.blocks, names);
  return mrkdwnToText(message.text ?? '', names).split('\n');
}

/**
 * Renders a modal: its title, its blocks (with inline `errors` by block_id) and its Close / Submit buttons.
 * @returns lines of plain text
 */
export function renderModal(
  view: { title?: unknown; blocks?: readonly unknown[] | undefined; submit?: unknown; close?: unknown },
  names: RenderNames = {},
  errors: Readonly<Record<string, string>> = {},
): string[] {
  const title = textOf(view.title as TextObject | undefined, names);
  const buttons = [view.close, view.submit]
    .filter((button): button is TextObject => button !== undefined && button !== null)
    .map((button) => `[${textOf(button, names)}]`);
  return [
    `« ${title} »`,
    ...renderBlocks(view.blocks, names, errors),
    ...(buttons.length > 0 ? [`  ${buttons.join('  ')}`] : []),
  ];
}
