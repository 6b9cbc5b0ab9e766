import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';

/**
 * Countries whose mobile numbers we send as Channels.SMS. CloudMonitor's SMS channel "applies only to the
 * Alibaba Cloud China site" and its example is an 11-digit mainland number without +86 (PutContact,
 * CloudMonitor API 2019-01-01: https://www.alibabacloud.com/help/en/cms/cloudmonitor-1-0/developer-reference/api-cms-2019-01-01-putcontact). The format for other countries is
 * not documented; until it is, only mainland China numbers are accepted: the safe choice.
 */
export const SMS_COUNTRIES: readonly CountryCode[] = ['CN'];

/** Our own bound on Describe (CloudMonitor documents none); the modal's hint states it. */
export const DESCRIBE_MAX_CHARS = 256;
/** Our own bound on Channels.AliIM (none documented). */
export const ALIIM_MAX_CHARS = 64;
/** ContactName length in characters (code points), ROS/Terraform docs for CloudMonitor contacts. */
export const CONTACT_NAME_CHARS = { min: 2, max: 40 } as const;

/** The languages PutContact's Lang accepts (PutContact, CloudMonitor API 2019-01-01). */
export const LANGS = ['en', 'zh-cn'] as const;
export type Lang = (typeof LANGS)[number];

/** The four notification channels of PutContact, in the order people see them. */
export const CHANNELS = ['Mail', 'SMS', 'AliIM', 'DingWebHook'] as const;
export type Channel = (typeof CHANNELS)[number];
/**
 * The Alibaba Cloud site of the account: `china` (aliyun.com) or `international` (alibabacloud.com). CMS_SITE.
 */
export const SITES = ['china', 'international'] as const;
export type Site = (typeof SITES)[number];

/**
 * The channels a contact may have on each site. SMS and TradeManager (AliIM) serve the China site only ("applies
 * only to the Alibaba Cloud China site" / "该参数仅适用于中国站": CloudMonitor API 2019-01-01, DescribeContactList's
 * ChannelsState, https://help.aliyun.com/zh/cms/developer-reference/api-cms-2019-01-01-describecontactlist, and
 * DescribeContactListByContactGroup's Channels, https://help.aliyun.com/document_detail/114920.htm). Email and the
 * DingTalk chatbot are the channels PutContact's own description asks for ("Specify at least one of the following
 * alert notification methods: email address and DingTalk chatbot").
 */
export const SITE_CHANNELS: Readonly<Record<Site, readonly Channel[]>> = {
  china: CHANNELS,
  international: ['Mail', 'DingWebHook'],
};

/** Channels that CloudMonitor activates through a link sent to the address (SMS text, e-mail). */
export const ACTIVATED_CHANNELS = ['SMS', 'Mail'] as const satisfies readonly Channel[];

/**
 * An alert contact as PutContact takes it (CloudMonitor API 2019-01-01): ContactName, Describe, Channels.*,
 * and Lang (absent = CloudMonitor decides by account region). Every value here has passed {@link contactSchema}.
 */
export interface Contact {
  ContactName: string;
  Describe: string;
  Channels: Partial<Record<Channel, string>>;
  Lang?: Lang;
}

// In a /u regex a surrogate only matches when it is unpaired (half an emoji); pop-core's encoding throws on those.
const WELL_FORMED = (text: string) => !/[\uD800-\uDFFF]/u.test(text);
// C0/C1 controls, direction marks, bidi overrides/isolates, zero-width space/no-break: invisible, and unsafe to
// echo back. The zero-width (non-)joiners U+200C/U+200D stay allowed: emoji sequences and some scripts need them.
const INVISIBLE = /[\p{Cc}\u061C\u200B\u200E\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/u;
const chars = (text: string) => [...text].length;

/** A text field from a modal: null/undefined/blank → undefined, otherwise NFC-normalised and trimmed. */
const text = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() !== '' ? value.normalize('NFC').trim() : undefined),
  z
    .string()
    .refine(WELL_FORMED, { message: 'text.brokenCharacter' })
    .refine((value) => !INVISIBLE.test(value), { message: 'text.invisibleCharacters' })
    .optional(),
);

/** ContactName: 2–40 characters, ASCII letters or Chinese characters first, then letters, digits, `.`, `_`, `-`. */
const contactName = text.pipe(
  z
    .string({ message: 'contactName.required' })
    .transform((value) => value.normalize('NFKC'))
    .refine((value) => chars(value) >= CONTACT_NAME_CHARS.min && chars(value) <= CONTACT_NAME_CHARS.max, {
      message: 'contactName.length',
    })
    .refine((value) => /^[A-Za-z\p{Script=Han}][A-Za-z0-9\p{Script=Han}._-]*$/u.test(value), {
      message: 'contactName.characters',
    }),
);

const describe = text.pipe(
  z
    .string({ message: 'describe.required' })
    .refine((value) => chars(value) <= DESCRIBE_MAX_CHARS, { message: 'describe.tooLong' }),
);

/** RFC 5321 §4.5.3.1.1: a local part is at most 64 octets. */
export const MAIL_LOCAL_PART_MAX_OCTETS = 64;
/** RFC 1035 §2.3.4: a domain label is at most 63 octets. */
export const DOMAIN_LABEL_MAX_OCTETS = 63;

const octets = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * Why an address that otherwise looks like one cannot receive mail, judged by its shape alone:
 * - `mail.localPartTooLong`: the local part is over 64 octets (RFC 5321 §4.5.3.1.1);
 * - `mail.domainLabelTooLong`: a label of the domain is over 63 octets (RFC 1035 §2.3.4);
 * - `mail.domainLabelHyphen`: a label of the domain starts or ends with `-` (RFC 1035 §2.3.1 "preferred name
 *   syntax", kept by RFC 1123 §2.1; RFC 5321 §4.1.2 `sub-domain` ends in a letter or digit).
 * @param address the trimmed input; without an `@` (not an address at all) → undefined, left to the shape check
 * @returns the code of the first problem found, or undefined; never throws
 */
export function undeliverableMailShape(
  address: string,
): 'mail.localPartTooLong' | 'mail.domainLabelTooLong' | 'mail.domainLabelHyphen' | undefined {
  const at = address.lastIndexOf('@');
  if (at < 0) return undefined;
  if (octets(address.slice(0, at)) > MAIL_LOCAL_PART_MAX_OCTETS) return 'mail.localPartTooLong';
  const labels = address.slice(at + 1).split('.');
  if (labels.some((label) => octets(label) > DOMAIN_LABEL_MAX_OCTETS)) return 'mail.domainLabelTooLong';
  if (labels.some((label) => label.startsWith('-') || label.endsWith('-'))) return 'mail.domainLabelHyphen';
  return undefined;
}

/**
 * Channels.Mail: an address shape, trimmed, domain lower-cased (the local part is left as typed). The
 * deliverability limits ({@link undeliverableMailShape}) are checked first, so they get their own message rather
 * than the general "enter an address".
 */
const mail = text.pipe(
  z
    .string()
    .superRefine((value, ctx) => {
      const problem = undeliverableMailShape(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .pipe(
      z
        .email({ message: 'mail.invalid' })
        .max(254, { message: 'mail.tooLong' })
        .transform((value) => {
          const at = value.lastIndexOf('@');
          return `${value.slice(0, at)}@${value.slice(at + 1).toLowerCase()}`;
        }),
    )
    .optional(),
);

/** Channels.SMS: any way of writing a mainland mobile number, normalised to its 11 digits. */
const sms = text.pipe(
  z
    .string()
    .transform((value, ctx) => {
      // extract: false — the whole input must be the number (no "ext 12" or trailing text silently dropped).
      const phone = parsePhoneNumberFromString(value, { defaultCountry: 'CN', extract: false });
      if (!phone?.isValid() || phone.ext) {
        ctx.addIssue({ code: 'custom', message: 'sms.invalid' });
        return z.NEVER;
      }
      if (!phone.country || !SMS_COUNTRIES.includes(phone.country)) {
        ctx.addIssue({
          code: 'custom',
          message: 'sms.notMainland',
        });
        return z.NEVER;
      }
      if (phone.getType() !== 'MOBILE') {
        ctx.addIssue({ code: 'custom', message: 'sms.landline' });
        return z.NEVER;
      }
      return phone.nationalNumber;
    })
    .optional(),
);

const aliIm = text.pipe(z.string().max(ALIIM_MAX_CHARS, { message: 'aliIm.tooLong' }).optional());

/** Query parameters DingTalk's "sign" security setting adds to a webhook URL (lower case, as DingTalk writes them). */
const DINGTALK_SIGNATURE_PARAMS = ['timestamp', 'sign'] as const;

/**
 * True when a DingTalk robot webhook URL carries `timestamp` or `sign`: a URL pre-signed for a robot whose
 * security setting is "sign" (加签). DingTalk accepts such a URL only while its timestamp is within an hour of
 * the call (DingTalk Open Platform, "Custom robot security settings",
 * https://help.dingtalk.io/open/dingstart/customize-robot-security-settings), and PutContact takes the URL
 * alone, with no signing secret (PutContact, CloudMonitor API 2019-01-01), so CloudMonitor cannot sign its
 * messages: such a robot stops receiving them. Parameter names are compared case-insensitively, after URL
 * decoding. A value that is not a URL → false (other rules refuse it).
 */
export function isPresignedDingTalkWebhook(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const names = [...new URL(value).searchParams.keys()].map((name) => name.toLowerCase());
  return DINGTALK_SIGNATURE_PARAMS.some((param) => names.includes(param));
}

/**
 * Channels.DingWebHook: https://oapi.dingtalk.com/robot/send?access_token=… only, and not pre-signed
 * ({@link isPresignedDingTalkWebhook}).
 */
const DINGTALK_WEBHOOK = 'https://oapi.dingtalk.com/robot/send';
const dingWebHook = text.pipe(
  z
    .string()
    .refine(
      (value) => {
        // The literal prefix too: URL parsing would also accept `https:\\oapi…` or `/x/../robot/send`.
        if (!value.startsWith(`${DINGTALK_WEBHOOK}?`) || !URL.canParse(value)) return false;
        const url = new URL(value);
        return (
          url.protocol === 'https:' &&
          url.host === 'oapi.dingtalk.com' &&
          url.pathname === '/robot/send' &&
          url.username === '' &&
          url.password === '' &&
          (url.searchParams.get('access_token') ?? '').trim() !== ''
        );
      },
      { message: 'dingWebHook.invalid' },
    )
    .max(1024, { message: 'dingWebHook.tooLong' })
    .refine((value) => !isPresignedDingTalkWebhook(value), { message: 'dingWebHook.signed' })
    .optional(),
);

const lang = z.preprocess(
  (value) => (value === null || value === '' || value === 'auto' ? undefined : value),
  z.enum(LANGS, { message: 'lang.invalid' }).optional(),
);

/**
 * Drops the channels the site does not offer (a crafted submission could still carry them): on the international
 * site PutContact must never carry Channels.SMS or Channels.AliIM.
 */
function keepSiteChannels(site: Site) {
  return (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {}; // "no channels", reported below
    const offered: readonly string[] = SITE_CHANNELS[site];
    return Object.fromEntries(Object.entries(value).filter(([channel]) => offered.includes(channel)));
  };
}

/**
 * The channel-presence rule: at least one channel the site offers. Reported on `Channels.Mail`, the first channel
 * in the form; on the international site with its own code (the form there has only email and DingTalk).
 */
function requireOneChannel(site: Site) {
  return (channels: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    if (Object.keys(channels).length > 0) return;
    ctx.addIssue({
      code: 'custom',
      path: ['Mail'],
      message: site === 'international' ? 'channels.atLeastOneInternational' : 'channels.atLeastOne',
    });
  };
}

/**
 * The one schema for a contact on a site: takes the raw modal values (strings or null, as Slack sends them) and
 * yields the {@link Contact} that PutContact is called with. Issue paths are `ContactName`, `Describe`,
 * `Channels.<name>`, `Lang`. Channels the site does not offer are dropped ({@link SITE_CHANNELS}).
 * Rules: PutContact, CloudMonitor API 2019-01-01 (https://www.alibabacloud.com/help/en/cms/cloudmonitor-1-0/developer-reference/api-cms-2019-01-01-putcontact).
 * @param site CMS_SITE
 */
export function contactSchemaFor(site: Site) {
  return z
    .object({
      ContactName: contactName,
      Describe: describe,
      Channels: z
        .preprocess(keepSiteChannels(site), z.object({ Mail: mail, SMS: sms, AliIM: aliIm, DingWebHook: dingWebHook }))
        .transform((channels) =>
          Object.fromEntries(Object.entries(channels).filter(([, value]) => value !== undefined)),
        )
        .superRefine(requireOneChannel(site)),
      Lang: lang,
    })
    .transform((contact): Contact => {
      const out: Contact = { ContactName: contact.ContactName, Describe: contact.Describe, Channels: contact.Channels };
      if (contact.Lang) out.Lang = contact.Lang;
      return out;
    });
}

/** The China site's schema (every channel); see {@link contactSchemaFor}. */
export const contactSchema = contactSchemaFor('china');
const SCHEMAS: Record<Site, ReturnType<typeof contactSchemaFor>> = {
  china: contactSchema,
  international: contactSchemaFor('international'),
};

/** What a person typed, before validation. */
export type ContactInput = z.input<typeof contactSchema>;

/**
 * Why a field is refused: a code, not a sentence (the domain knows no language; the Slack side shows the
 * catalogue's text for it, src/i18n `errors`).
 */
export const ERROR_CODES = [
  'input.invalid',
  'text.brokenCharacter',
  'text.invisibleCharacters',
  'contactName.required',
  'contactName.length',
  'contactName.characters',
  'describe.required',
  'describe.tooLong',
  'mail.invalid',
  'mail.tooLong',
  'mail.localPartTooLong',
  'mail.domainLabelTooLong',
  'mail.domainLabelHyphen',
  'sms.invalid',
  'sms.notMainland',
  'sms.landline',
  'aliIm.tooLong',
  'dingWebHook.invalid',
  'dingWebHook.tooLong',
  'dingWebHook.signed',
  'lang.invalid',
  'channels.atLeastOne',
  'channels.atLeastOneInternational',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A validation problem code, keyed by the field path (`ContactName`, `Channels.SMS`, …). */
export type FieldErrors = Partial<Record<'ContactName' | 'Describe' | `Channels.${Channel}` | 'Lang', ErrorCode>>;

/**
 * Validates a contact for the account's site.
 * @param input the raw values
 * @param site CMS_SITE (default `china`): on `international` only Mail and DingWebHook are kept and one of them is required
 * @returns `{ ok: true, contact }` or `{ ok: false, errors }` with the first error code per field (zod's own
 *          type errors, e.g. a number where text belongs, become `input.invalid`); never throws.
 */
export function parseContact(
  input: unknown,
  site: Site = 'china',
): { ok: true; contact: Contact } | { ok: false; errors: FieldErrors } {
  const result = SCHEMAS[site].safeParse(input);
  if (result.success) return { ok: true, contact: result.data };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join('.') || 'ContactName';
    errors[key] ??= (ERROR_CODES as readonly string[]).includes(issue.message) ? issue.message : 'input.invalid';
  }
  return { ok: false, errors: errors as FieldErrors };
}
