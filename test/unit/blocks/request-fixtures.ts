/**
 * ContactRequest fixtures for the builder tests: an ordinary request, a hostile one (user text full of Slack
 * control sequences) and a maximal one (every field at the longest the schema accepts).
 */
import type { Contact } from '../../../src/contact/schema.js';
import type { ContactRequest, RequestStatus } from '../../../src/requests/request.js';

export const PHONE = '13800001234';
export const REQUEST_ID = 'req_0123456789abcdef';
export const REQUESTER = 'U0DANA';
export const ADMIN = 'U0ADMIN';

/** Text a user could type, with a broadcast, a link and an ampersand. */
export const HOSTILE = 'Dana <!channel> <https://evil.example|click> & co';

export const CONTACT: Contact = {
  ContactName: 'dana_ops',
  Describe: 'On-call DBA',
  Channels: { Mail: 'dana@example.com', SMS: PHONE },
  Lang: 'en',
};

export const HOSTILE_CONTACT: Contact = {
  ContactName: 'dana<!here>&ops',
  Describe: HOSTILE,
  Channels: {
    Mail: 'dana<!everyone>@example.com',
    SMS: PHONE,
    AliIM: '<https://x|y> & <!channel>',
    DingWebHook: 'https://oapi.dingtalk.com/robot/send?access_token=abcdef&x=<!channel>',
  },
  Lang: 'zh-cn',
};

export const MAXIMAL_CONTACT: Contact = {
  ContactName: '李'.repeat(40),
  Describe: `${'<&>'.repeat(85)}&`,
  Channels: {
    Mail: `${'a'.repeat(64)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(6)}`,
    SMS: PHONE,
    AliIM: '&'.repeat(64),
    DingWebHook: `https://oapi.dingtalk.com/robot/send?access_token=${'t'.repeat(970)}`,
  },
  Lang: 'zh-cn',
};

export const STATUSES: readonly RequestStatus[] = [
  'pending',
  'approving',
  'registered',
  'failed',
  'rejected',
  'superseded',
];

/** A request in `status` with sensible decision/result fields for that status. */
export function requestIn(status: RequestStatus, overrides: Partial<ContactRequest> = {}): ContactRequest {
  const decided = status !== 'pending' && status !== 'superseded';
  return {
    id: REQUEST_ID,
    requesterId: REQUESTER,
    kind: 'create',
    contact: CONTACT,
    status,
    attempts: decided ? 1 : 0,
    createdAt: Date.UTC(2024, 0, 1, 9, 0, 0),
    updatedAt: Date.UTC(2024, 0, 1, 9, 5, 0),
    ...(decided
      ? {
          decision: {
            action: status === 'rejected' ? ('reject' as const) : ('approve' as const),
            by: ADMIN,
            at: Date.UTC(2024, 0, 1, 9, 5, 0),
            ...(status === 'rejected' ? { reason: 'Use the team alias' } : {}),
          },
        }
      : {}),
    ...(status === 'registered'
      ? { result: { ok: true, requestId: 'F7FA82F0-8627-441B-9B2B-8663617F36B9', at: 1 } }
      : {}),
    ...(status === 'failed'
      ? {
          result: {
            ok: false,
            code: 'InvalidParameterValue',
            message: 'The value of Channels.Mail is invalid.',
            requestId: '3F1C2B7A-6E4D-4C1B-9E2A-0C5D7B8A9F10',
            at: 1,
          },
        }
      : {}),
    ...overrides,
  };
}
