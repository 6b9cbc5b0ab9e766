import { type Locale, messages } from '../i18n/index.js';
import { DESCRIBE_MAX_CHARS } from './schema.js';

// Sentence and list punctuation (ASCII and full-width) and spaces a profile field may end in: the suffix follows.
const TRAILING_PUNCTUATION = /[\s.,;:。．，、；：]+$/u;

/**
 * The Describe prefilled from a Slack profile, in the person's language: the real name and title joined, then
 * "(via Slack)" (`李伟，运维工程师（通过 Slack）` in Chinese: full-width punctuation, no space before it).
 * Trailing punctuation of the joined text is dropped so the suffix does not follow a full stop.
 * @param locale the person's language (their Slack locale)
 * @param parts profile fields (users.info `real_name`, `title`); empty or blank ones are skipped
 * @returns at most {@link DESCRIBE_MAX_CHARS} characters (code points), or undefined when no part has text
 */
export function describeFromProfile(locale: Locale, ...parts: Array<string | undefined>): string | undefined {
  const m = messages(locale).form;
  const text = parts
    .map((part) => part?.trim().replace(TRAILING_PUNCTUATION, ''))
    .filter((part): part is string => Boolean(part))
    .join(m.profileSeparator);
  if (!text) return undefined;
  return [...m.viaSlack(text)].slice(0, DESCRIBE_MAX_CHARS).join('');
}
