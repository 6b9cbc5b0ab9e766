/**
 * Block Kit limit checks used by the local Slack fake (test/fakes/slack-web-api.ts).
 *
 * Pure functions: they take the decoded JSON a client sent (a modal view, or a message's
 * `blocks`) and return Slack-style error lines `"[ERROR] <what> [json-pointer:<where>]"`.
 * An empty list means "Slack would accept this".
 *
 * Source of the limits: https://docs.slack.dev/surfaces/modals (views) and https://docs.slack.dev/reference/block-kit/blocks
 * with its element pages (Block Kit), cross-checked against python-slack-sdk `slack_sdk/models/` and @slack/types 3.2.0
 * (ref §3, §4; see test/fakes/slack-web-api.ts).
 * Message wording follows real responses Slack gave (as quoted in public code and issue logs):
 * - too long:   "must be less than <max+1> characters" (headers: "must be no longer than 150 characters")
 * - empty:      "must be more than 0 characters"
 * - too many:   "no more than <max> items allowed"
 * - too few:    "must provide at least <min> items"
 * - missing:    "missing required field: <name>" (pointer = the containing object)
 * Messages for rules where no real response was available (duplicate block_id, wrong `type`,
 * numeric ranges) use the same "[ERROR] … [json-pointer:…]" frame with descriptive wording.
 */

/**
 * Every limit the validator enforces, in characters (strings), items (arrays) or bytes
 * (`viewBytes`). Sources: https://docs.slack.dev/surfaces/modals, https://docs.slack.dev/reference/block-kit/blocks
 * and its element pages, python-slack-sdk `slack_sdk/models/`, @slack/types 3.2.0 `dist/views.d.ts`, `dist/block-kit/*.d.ts`.
 */
export const BLOCK_KIT_LIMITS = {
  modalTitle: 24,
  modalButton: 24,
  modalBlocks: 100,
  messageBlocks: 50,
  privateMetadata: 3000,
  callbackId: 255,
  externalId: 255,
  blockId: 255,
  actionId: 255,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  inputLabel: 2000,
  inputHint: 2000,
  placeholder: 150,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
  optionUrl: 3000,
  optionGroupLabel: 75,
  selectOptions: 100,
  selectOptionGroups: 100,
  radioOptions: 10,
  checkboxOptions: 10,
  overflowOptions: 5,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  accessibilityLabel: 75,
  contextElements: 10,
  actionsElements: 25,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  imageAltText: 2000,
  imageUrl: 3000,
  imageTitle: 2000,
  markdownText: 12000,
  plainTextInputLength: 3000,
  /** 250 kB, read as 250 000 bytes of the view's JSON (the stricter reading of "250kb"). */
  viewBytes: 250_000,
  /** chat.postMessage: Slack truncates beyond this; the fake rejects with `msg_too_long`. */
  messageText: 40_000,
  /** chat.update: "msg_too_long (text > 4000)" per the chat.update docs. */
  updateText: 4000,
} as const;

/** The surface a list of blocks belongs to: it decides the block count limit and error pointers. */
export type BlockSurface = 'modal' | 'message';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Length in Unicode code points (what a user would call characters). */
function charLength(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

/** Accumulates `[ERROR] … [json-pointer:…]` lines. */
class Problems {
  readonly lines: string[] = [];

  add(pointer: string, message: string): void {
    this.lines.push(`[ERROR] ${message} [json-pointer:${pointer}]`);
  }
}

interface TextRule {
  max: number;
  min?: number;
  plainOnly?: boolean;
  /** Header blocks use different wording for the same rule (§4). */
  noLongerThanWording?: boolean;
}

function checkMaxLength(p: Problems, pointer: string, text: string, rule: TextRule): void {
  const length = charLength(text);
  const min = rule.min ?? 1;
  if (length < min) {
    p.add(pointer, `must be more than ${min - 1} characters`);
  } else if (length > rule.max) {
    p.add(
      pointer,
      rule.noLongerThanWording
        ? `must be no longer than ${rule.max} characters`
        : `must be less than ${rule.max + 1} characters`,
    );
  }
}

/** Checks a plain string field `parent[key]` if present (or requires it). */
function checkStringField(
  p: Problems,
  parent: JsonObject,
  parentPointer: string,
  key: string,
  rule: TextRule & { required?: boolean },
): void {
  const value = parent[key];
  const pointer = `${parentPointer}/${key}`;
  if (value === undefined || value === null) {
    if (rule.required) p.add(parentPointer, `missing required field: ${key}`);
    return;
  }
  if (typeof value !== 'string') {
    p.add(pointer, 'must be a string');
    return;
  }
  checkMaxLength(p, pointer, value, { min: 0, ...rule });
}

/** Checks a composition text object `{type: 'plain_text'|'mrkdwn', text}` at `parent[key]`. */
function checkTextField(
  p: Problems,
  parent: JsonObject,
  parentPointer: string,
  key: string,
  rule: TextRule & { required?: boolean },
): void {
  const value = parent[key];
  const pointer = `${parentPointer}/${key}`;
  if (value === undefined || value === null) {
    if (rule.required) p.add(parentPointer, `missing required field: ${key}`);
    return;
  }
  checkTextObject(p, value, pointer, rule);
}

function checkTextObject(p: Problems, value: unknown, pointer: string, rule: TextRule): void {
  if (!isObject(value)) {
    p.add(pointer, 'must be an object');
    return;
  }
  const type = value.type;
  const allowed = rule.plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'];
  if (type === undefined) {
    p.add(pointer, 'missing required field: type');
  } else if (typeof type !== 'string' || !allowed.includes(type)) {
    p.add(`${pointer}/type`, `must be a valid enum value (${allowed.join(', ')})`);
  }
  const text = value.text;
  if (text === undefined || text === null) {
    p.add(pointer, 'missing required field: text');
  } else if (typeof text !== 'string') {
    p.add(`${pointer}/text`, 'must be a string');
  } else {
    checkMaxLength(p, `${pointer}/text`, text, rule);
  }
}

/** Checks an array field's item count; returns the array (or undefined when absent/invalid). */
function checkArrayField(
  p: Problems,
  parent: JsonObject,
  parentPointer: string,
  key: string,
  rule: { min?: number; max: number; required?: boolean },
): unknown[] | undefined {
  const value = parent[key];
  const pointer = `${parentPointer}/${key}`;
  if (value === undefined || value === null) {
    if (rule.required) p.add(parentPointer, `missing required field: ${key}`);
    return undefined;
  }
  if (!Array.isArray(value)) {
    p.add(pointer, 'must be an array');
    return undefined;
  }
  const min = rule.min ?? 0;
  if (value.length < min) p.add(pointer, `must provide at least ${min} items`);
  if (value.length > rule.max) p.add(pointer, `no more than ${rule.max} items allowed`);
  return value;
}

function checkIntegerRange(
  p: Problems,
  parent: JsonObject,
  pointer: string,
  key: string,
  min: number,
  max: number,
): void {
  const value = parent[key];
  if (value === undefined || value === null) return;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    p.add(`${pointer}/${key}`, 'must be an integer');
  } else if (value < min) {
    p.add(`${pointer}/${key}`, `must be greater than or equal to ${min}`);
  } else if (value > max) {
    p.add(`${pointer}/${key}`, `must be less than or equal to ${max}`);
  }
}

function checkConfirm(p: Problems, parent: JsonObject, parentPointer: string): void {
  const confirm = parent.confirm;
  if (confirm === undefined || confirm === null) return;
  const pointer = `${parentPointer}/confirm`;
  if (!isObject(confirm)) {
    p.add(pointer, 'must be an object');
    return;
  }
  const L = BLOCK_KIT_LIMITS;
  checkTextField(p, confirm, pointer, 'title', { max: L.confirmTitle, plainOnly: true, required: true });
  checkTextField(p, confirm, pointer, 'text', { max: L.confirmText, required: true });
  checkTextField(p, confirm, pointer, 'confirm', { max: L.confirmButton, plainOnly: true, required: true });
  checkTextField(p, confirm, pointer, 'deny', { max: L.confirmButton, plainOnly: true, required: true });
  if (confirm.style !== undefined && confirm.style !== 'primary' && confirm.style !== 'danger') {
    p.add(`${pointer}/style`, 'must be a valid enum value (primary, danger)');
  }
}

/** Option object: text ≤ 75, value ≤ 150 (§4 option rows), description ≤ 75, url ≤ 3000 (overflow only). */
function checkOption(p: Problems, option: unknown, pointer: string, plainOnly: boolean): void {
  if (!isObject(option)) {
    p.add(pointer, 'must be an object');
    return;
  }
  const L = BLOCK_KIT_LIMITS;
  checkTextField(p, option, pointer, 'text', { max: L.optionText, plainOnly, required: true });
  checkStringField(p, option, pointer, 'value', { max: L.optionValue, required: true });
  checkTextField(p, option, pointer, 'description', { max: L.optionDescription, plainOnly });
  checkStringField(p, option, pointer, 'url', { max: L.optionUrl });
}

function checkOptionList(
  p: Problems,
  el: JsonObject,
  pointer: string,
  min: number,
  max: number,
  plainOnly: boolean,
): void {
  const options = checkArrayField(p, el, pointer, 'options', { min, max, required: true });
  options?.forEach((o, i) => checkOption(p, o, `${pointer}/options/${i}`, plainOnly));
  if (Array.isArray(el.initial_options)) {
    el.initial_options.forEach((o, i) => checkOption(p, o, `${pointer}/initial_options/${i}`, plainOnly));
  }
  if (el.initial_option !== undefined) checkOption(p, el.initial_option, `${pointer}/initial_option`, plainOnly);
}

function checkStaticSelectOptions(p: Problems, el: JsonObject, pointer: string): void {
  const L = BLOCK_KIT_LIMITS;
  if (el.options === undefined && el.option_groups === undefined) {
    p.add(pointer, 'missing required field: options');
    return;
  }
  const options = checkArrayField(p, el, pointer, 'options', { min: 1, max: L.selectOptions });
  options?.forEach((o, i) => checkOption(p, o, `${pointer}/options/${i}`, true));
  const groups = checkArrayField(p, el, pointer, 'option_groups', { min: 1, max: L.selectOptionGroups });
  groups?.forEach((group, g) => {
    const gp = `${pointer}/option_groups/${g}`;
    if (!isObject(group)) {
      p.add(gp, 'must be an object');
      return;
    }
    checkTextField(p, group, gp, 'label', { max: L.optionGroupLabel, plainOnly: true, required: true });
    const groupOptions = checkArrayField(p, group, gp, 'options', { min: 1, max: L.selectOptions, required: true });
    groupOptions?.forEach((o, i) => checkOption(p, o, `${gp}/options/${i}`, true));
  });
  if (el.initial_option !== undefined) checkOption(p, el.initial_option, `${pointer}/initial_option`, true);
  if (Array.isArray(el.initial_options)) {
    el.initial_options.forEach((o, i) => checkOption(p, o, `${pointer}/initial_options/${i}`, true));
  }
}

/**
 * external_select / multi_external_select: options come from the app's options load URL, so the element carries
 * no `options`/`option_groups`; `min_query_length` is an integer ≥ 0 (default 3); `initial_option(s)` are option
 * objects (plain_text text); multi: `max_selected_items` ≥ 1
 * (https://docs.slack.dev/reference/block-kit/block-elements/multi-select-menu-element#external_multi_select).
 */
function checkExternalSelect(p: Problems, el: JsonObject, pointer: string, type: string): void {
  const L = BLOCK_KIT_LIMITS;
  for (const key of ['options', 'option_groups']) {
    if (el[key] !== undefined)
      p.add(`${pointer}/${key}`, `${type} takes no ${key}: its options come from the options load URL`);
  }
  checkIntegerRange(p, el, pointer, 'min_query_length', 0, Number.MAX_SAFE_INTEGER);
  if (type === 'multi_external_select') {
    checkIntegerRange(p, el, pointer, 'max_selected_items', 1, Number.MAX_SAFE_INTEGER);
    if (el.initial_option !== undefined)
      p.add(`${pointer}/initial_option`, 'multi_external_select takes initial_options, not initial_option');
    const initial = checkArrayField(p, el, pointer, 'initial_options', { min: 1, max: L.selectOptions });
    initial?.forEach((o, i) => checkOption(p, o, `${pointer}/initial_options/${i}`, true));
  } else {
    if (el.initial_options !== undefined)
      p.add(`${pointer}/initial_options`, 'external_select takes initial_option, not initial_options');
    if (el.initial_option !== undefined) checkOption(p, el.initial_option, `${pointer}/initial_option`, true);
  }
}

/**
 * A `block_suggestion` answer (what an app returns for an external select): `options` (1–100 after Slack's
 * rules, an empty list allowed meaning "no matches") or `option_groups` (≤ 100 groups of ≤ 100), option text
 * plain_text ≤ 75, value ≤ 150.
 * @returns problems as `[json-pointer] message` strings; [] when valid
 */
export function validateOptionsResponse(response: unknown): string[] {
  const p = new Problems();
  const L = BLOCK_KIT_LIMITS;
  if (!isObject(response)) {
    p.add('', 'must be an object');
    return p.lines;
  }
  if (response.options === undefined && response.option_groups === undefined)
    p.add('', 'missing required field: options or option_groups');
  const options = checkArrayField(p, response, '', 'options', { min: 0, max: L.selectOptions });
  options?.forEach((o, i) => checkOption(p, o, `/options/${i}`, true));
  const groups = checkArrayField(p, response, '', 'option_groups', { min: 0, max: L.selectOptionGroups });
  groups?.forEach((group, g) => {
    if (!isObject(group)) {
      p.add(`/option_groups/${g}`, 'must be an object');
      return;
    }
    checkTextField(p, group, `/option_groups/${g}`, 'label', {
      max: L.optionGroupLabel,
      plainOnly: true,
      required: true,
    });
    const inner = checkArrayField(p, group, `/option_groups/${g}`, 'options', {
      min: 1,
      max: L.selectOptions,
      required: true,
    });
    inner?.forEach((o, i) => checkOption(p, o, `/option_groups/${g}/options/${i}`, true));
  });
  return p.lines;
}

/** Where an element sits: decides which element types are allowed. */
type ElementContext = 'input' | 'accessory' | 'actions' | 'context';

const SELECT_TYPES = new Set([
  'static_select',
  'multi_static_select',
  'external_select',
  'multi_external_select',
  'users_select',
  'multi_users_select',
  'conversations_select',
  'multi_conversations_select',
  'channels_select',
  'multi_channels_select',
]);
const TEXT_INPUT_TYPES = new Set([
  'plain_text_input',
  'email_text_input',
  'url_text_input',
  'number_input',
  'rich_text_input',
]);
const PICKER_TYPES = new Set(['datepicker', 'timepicker', 'datetimepicker']);

/** Element types allowed per context (docs.slack.dev block reference; approximated per §4). */
function allowedIn(type: string, context: ElementContext): boolean {
  const choice = SELECT_TYPES.has(type) || PICKER_TYPES.has(type) || type === 'radio_buttons' || type === 'checkboxes';
  switch (context) {
    case 'input':
      return choice || TEXT_INPUT_TYPES.has(type) || type === 'file_input';
    case 'accessory':
      return choice || type === 'button' || type === 'overflow' || type === 'image';
    case 'actions':
      return (
        choice || type === 'button' || type === 'overflow' || type === 'rich_text_input' || type === 'workflow_button'
      );
    case 'context':
      return type === 'image';
  }
}

function checkElement(p: Problems, el: unknown, pointer: string, context: ElementContext): void {
  const L = BLOCK_KIT_LIMITS;
  if (!isObject(el)) {
    p.add(pointer, 'must be an object');
    return;
  }
  const type = el.type;
  if (typeof type !== 'string') {
    p.add(pointer, 'missing required field: type');
    return;
  }
  if (!allowedIn(type, context)) {
    p.add(pointer, `failed to match all allowed schemas (element type ${type} is not allowed here)`);
    return;
  }
  checkStringField(p, el, pointer, 'action_id', { max: L.actionId, min: 1 });
  checkConfirm(p, el, pointer);
  if (type !== 'button' && type !== 'image' && type !== 'overflow') {
    checkTextField(p, el, pointer, 'placeholder', { max: L.placeholder, plainOnly: true });
  }

  if (type === 'button') {
    checkTextField(p, el, pointer, 'text', { max: L.buttonText, plainOnly: true, required: true });
    checkStringField(p, el, pointer, 'value', { max: L.buttonValue });
    checkStringField(p, el, pointer, 'url', { max: L.buttonUrl });
    checkStringField(p, el, pointer, 'accessibility_label', { max: L.accessibilityLabel, min: 1 });
    if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger') {
      p.add(`${pointer}/style`, 'must be a valid enum value (primary, danger)');
    }
  } else if (type === 'image') {
    checkImageFields(p, el, pointer);
  } else if (type === 'static_select' || type === 'multi_static_select') {
    checkStaticSelectOptions(p, el, pointer);
  } else if (type === 'external_select' || type === 'multi_external_select') {
    checkExternalSelect(p, el, pointer, type);
  } else if (type === 'radio_buttons') {
    checkOptionList(p, el, pointer, 1, L.radioOptions, false);
  } else if (type === 'checkboxes') {
    checkOptionList(p, el, pointer, 1, L.checkboxOptions, false);
  } else if (type === 'overflow') {
    checkOptionList(p, el, pointer, 1, L.overflowOptions, true);
  } else if (type === 'plain_text_input') {
    checkIntegerRange(p, el, pointer, 'max_length', 1, L.plainTextInputLength);
    checkIntegerRange(p, el, pointer, 'min_length', 0, L.plainTextInputLength);
  } else if (type === 'number_input') {
    if (typeof el.is_decimal_allowed !== 'boolean') p.add(pointer, 'missing required field: is_decimal_allowed');
  }
}

function checkImageFields(p: Problems, obj: JsonObject, pointer: string): void {
  const L = BLOCK_KIT_LIMITS;
  if (obj.image_url === undefined && obj.slack_file === undefined) {
    p.add(pointer, 'missing required field: image_url');
  }
  checkStringField(p, obj, pointer, 'image_url', { max: L.imageUrl, min: 1 });
  checkStringField(p, obj, pointer, 'alt_text', { max: L.imageAltText, min: 1, required: true });
}

const KNOWN_BLOCK_TYPES = new Set([
  'section',
  'divider',
  'header',
  'input',
  'actions',
  'context',
  'image',
  'markdown',
  'rich_text',
  'video',
  'file',
]);

function checkBlock(p: Problems, block: unknown, pointer: string): void {
  const L = BLOCK_KIT_LIMITS;
  if (!isObject(block)) {
    p.add(pointer, 'must be an object');
    return;
  }
  const type = block.type;
  if (typeof type !== 'string') {
    p.add(pointer, 'missing required field: type');
    return;
  }
  if (!KNOWN_BLOCK_TYPES.has(type)) {
    p.add(pointer, `failed to match all allowed schemas (unknown block type ${type})`);
    return;
  }
  checkStringField(p, block, pointer, 'block_id', { max: L.blockId, min: 1 });

  switch (type) {
    case 'section': {
      if (block.text === undefined && block.fields === undefined) {
        p.add(pointer, 'must provide either text or fields');
      }
      checkTextField(p, block, pointer, 'text', { max: L.sectionText });
      const fields = checkArrayField(p, block, pointer, 'fields', { min: 1, max: L.sectionFields });
      fields?.forEach((f, i) => checkTextObject(p, f, `${pointer}/fields/${i}`, { max: L.sectionFieldText }));
      if (block.accessory !== undefined) checkElement(p, block.accessory, `${pointer}/accessory`, 'accessory');
      break;
    }
    case 'header':
      checkTextField(p, block, pointer, 'text', {
        max: L.headerText,
        plainOnly: true,
        required: true,
        noLongerThanWording: true,
      });
      break;
    case 'input': {
      checkTextField(p, block, pointer, 'label', { max: L.inputLabel, plainOnly: true, required: true });
      checkTextField(p, block, pointer, 'hint', { max: L.inputHint, plainOnly: true });
      if (block.element === undefined) p.add(pointer, 'missing required field: element');
      else checkElement(p, block.element, `${pointer}/element`, 'input');
      break;
    }
    case 'actions': {
      const elements = checkArrayField(p, block, pointer, 'elements', {
        min: 1,
        max: L.actionsElements,
        required: true,
      });
      elements?.forEach((e, i) => checkElement(p, e, `${pointer}/elements/${i}`, 'actions'));
      break;
    }
    case 'context': {
      const elements = checkArrayField(p, block, pointer, 'elements', {
        min: 1,
        max: L.contextElements,
        required: true,
      });
      elements?.forEach((e, i) => {
        const ep = `${pointer}/elements/${i}`;
        if (isObject(e) && (e.type === 'plain_text' || e.type === 'mrkdwn')) {
          checkTextObject(p, e, ep, { max: L.sectionText });
        } else {
          checkElement(p, e, ep, 'context');
        }
      });
      break;
    }
    case 'image':
      checkImageFields(p, block, pointer);
      checkTextField(p, block, pointer, 'title', { max: L.imageTitle, plainOnly: true });
      break;
    case 'markdown':
      checkStringField(p, block, pointer, 'text', { max: L.markdownText, min: 1, required: true });
      break;
    default:
      // divider, rich_text, video, file: no length limits from §4 to enforce.
      break;
  }
}

/**
 * Validates a list of blocks for one surface.
 *
 * @param blocks  the decoded `blocks` value (anything; non-arrays are reported).
 * @param pointer JSON pointer of the list, e.g. `/blocks` (messages) or `/view/blocks` (modals).
 * @param surface `'message'` (≤ 50 blocks) or `'modal'` (1–100 blocks).
 * @returns Slack-style error lines; empty when valid. Never throws.
 * Rules: https://docs.slack.dev/reference/block-kit/blocks and its element pages (counts, per-block and per-element
 * limits; cross-checked with python-slack-sdk `slack_sdk/models/` and @slack/types 3.2.0); block_ids must
 * be unique within one view or message (docs.slack.dev blocks reference: "unique identifier").
 */
export function validateBlocks(blocks: unknown, pointer: string, surface: BlockSurface): string[] {
  const p = new Problems();
  if (!Array.isArray(blocks)) {
    p.add(pointer, 'must be an array');
    return p.lines;
  }
  const max = surface === 'modal' ? BLOCK_KIT_LIMITS.modalBlocks : BLOCK_KIT_LIMITS.messageBlocks;
  const min = surface === 'modal' ? 1 : 0;
  if (blocks.length < min) p.add(pointer, `must provide at least ${min} items`);
  if (blocks.length > max) p.add(pointer, `no more than ${max} items allowed`);
  const seen = new Set<string>();
  blocks.forEach((block, i) => {
    const bp = `${pointer}/${i}`;
    checkBlock(p, block, bp);
    if (isObject(block) && typeof block.block_id === 'string') {
      if (seen.has(block.block_id))
        p.add(`${bp}/block_id`, `duplicate block_id (must be unique within the ${surface})`);
      seen.add(block.block_id);
    }
  });
  return p.lines;
}

/**
 * Validates a modal view as sent to views.open / views.update / views.push.
 *
 * @param view    the decoded `view` argument.
 * @param pointer JSON pointer of the view in the request (default `/view`, as Slack reports it).
 * @returns Slack-style error lines, e.g. `"[ERROR] must be less than 25 characters [json-pointer:/view/title/text]"`;
 *          empty when valid. Never throws. Size (250 kB → `view_too_large`) is checked separately by
 *          {@link viewSizeBytes} because Slack reports it as its own error code.
 * Rules: https://docs.slack.dev/surfaces/modals (type modal, private_metadata ≤ 3000, callback_id ≤ 255,
 * external_id ≤ 255, submit required with input blocks; title 1–24, submit/close ≤ 24, blocks 1–100) and
 * https://docs.slack.dev/reference/block-kit/blocks with its element pages (every block/element limit).
 */
export function validateView(view: unknown, pointer = '/view'): string[] {
  const L = BLOCK_KIT_LIMITS;
  const p = new Problems();
  if (!isObject(view)) {
    p.add(pointer, 'must be an object');
    return p.lines;
  }
  if (view.type === undefined) p.add(pointer, 'missing required field: type');
  else if (view.type !== 'modal') p.add(`${pointer}/type`, 'must be a valid enum value (modal)');
  checkTextField(p, view, pointer, 'title', { max: L.modalTitle, plainOnly: true, required: true });
  checkTextField(p, view, pointer, 'submit', { max: L.modalButton, plainOnly: true });
  checkTextField(p, view, pointer, 'close', { max: L.modalButton, plainOnly: true });
  checkStringField(p, view, pointer, 'private_metadata', { max: L.privateMetadata });
  checkStringField(p, view, pointer, 'callback_id', { max: L.callbackId });
  checkStringField(p, view, pointer, 'external_id', { max: L.externalId });
  for (const flag of ['clear_on_close', 'notify_on_close', 'submit_disabled'] as const) {
    if (view[flag] !== undefined && typeof view[flag] !== 'boolean') p.add(`${pointer}/${flag}`, 'must be a boolean');
  }
  if (view.blocks === undefined) {
    p.add(pointer, 'missing required field: blocks');
  } else {
    p.lines.push(...validateBlocks(view.blocks, `${pointer}/blocks`, 'modal'));
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObject(b) && b.type === 'input');
    if (hasInput && (view.submit === undefined || view.submit === null)) {
      p.add(pointer, 'missing required field: submit');
    }
  }
  return p.lines;
}

/**
 * Validates a message's `blocks` (chat.postMessage, chat.update, chat.postEphemeral, response_url).
 *
 * @param blocks the decoded `blocks` argument (`undefined` means "no blocks" and is valid).
 * @returns Slack-style error lines with pointers under `/blocks`; empty when valid. Never throws.
 * Rules: https://docs.slack.dev/reference/block-kit/blocks (≤ 50 blocks in a message, same block/element limits as modals).
 */
export function validateMessageBlocks(blocks: unknown): string[] {
  if (blocks === undefined || blocks === null) return [];
  return validateBlocks(blocks, '/blocks', 'message');
}

/**
 * Size of a view as Slack measures it for `view_too_large`.
 *
 * @param view the decoded view.
 * @returns UTF-8 byte length of its JSON serialisation (bytes). Compare with `BLOCK_KIT_LIMITS.viewBytes`.
 * Rule: https://docs.slack.dev/reference/methods/views.update and https://docs.slack.dev/reference/methods/views.push
 * (> 250 kB → `view_too_large`).
 */
export function viewSizeBytes(view: unknown): number {
  return Buffer.byteLength(JSON.stringify(view) ?? '', 'utf8');
}

/**
 * Strips the `"[ERROR] "` prefix, turning a `response_metadata.messages` line into the form Slack
 * uses in the top-level `errors` array of `invalid_blocks` (the shape of real chat.postMessage answers quoted in
 * public code and issue logs).
 *
 * @param line a line produced by this module.
 * @returns the same line without its severity prefix.
 */
export function withoutSeverity(line: string): string {
  return line.replace(/^\[(ERROR|WARN)\] /, '');
}
