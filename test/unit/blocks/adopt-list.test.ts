/**
 * The adopt list's Block Kit (src/blocks/adopt-list.ts): a full page keeps within Slack's limits in both
 * languages, buttons carry exactly the contact, the user and the page, and forged button values are rejected.
 */
import { describe, expect, it } from 'vitest';
import { type AdoptPage, buildAdoptPage, parseAdoptValue } from '../../../src/blocks/adopt-list.js';
import { ADOPT_ACTION_ID } from '../../../src/slack/ids.js';
import { validateMessageBlocks } from '../../fakes/block-kit-limits.js';

const contact = (i: number, mail?: string) => ({
  ContactName: `contact_${'x'.repeat(30)}_${i}`,
  Describe: 'd',
  Lang: 'en',
  Channels: { ...(mail ? { Mail: mail } : {}), SMS: '13800001234' },
  ChannelsState: {},
  ContactGroups: [],
});

function fullPage(): AdoptPage {
  const rows: AdoptPage['rows'] = Array.from({ length: 15 }, (_, i) =>
    i % 3 === 0
      ? {
          contact: contact(i, `${'l'.repeat(64)}@${'d'.repeat(63)}.example.com`),
          match: { userId: `U0USER${String(i).padStart(3, '0')}` },
        }
      : i % 3 === 1
        ? { contact: contact(i), reason: { code: 'noEmail' as const } }
        : {
            contact: contact(i, 'a@example.com'),
            reason: { code: 'userHasContact' as const, userId: 'U0OTHER01', contactName: 'other_contact' },
          },
  );
  return { page: 2, pageSize: 15, total: 4_000, rows, ownedCount: 0 };
}

describe('buildAdoptPage', () => {
  it('a full page in each language passes the Block Kit validator and stays within 50 blocks', () => {
    for (const locale of ['en', 'zh-cn'] as const) {
      const message = buildAdoptPage(locale, fullPage(), 'notice');
      expect(validateMessageBlocks(message.blocks)).toEqual([]);
      expect(message.blocks.length).toBeLessThanOrEqual(50);
    }
  });

  it('Assign / Invite carry the contact, the user and the page; Assign all, Previous and Next the page', () => {
    const message = buildAdoptPage('en', fullPage());
    const elements = message.blocks.flatMap((block) => (block.type === 'actions' ? block.elements : [])) as Array<{
      action_id: string;
      value: string;
    }>;
    const assign = elements.find((element) => element.action_id === ADOPT_ACTION_ID.assign);
    expect(parseAdoptValue(assign?.value)).toEqual({ c: `contact_${'x'.repeat(30)}_0`, u: 'U0USER000', p: 2 });
    expect(elements.filter((element) => element.action_id === ADOPT_ACTION_ID.assign)).toHaveLength(5);
    expect(parseAdoptValue(elements.find((element) => element.action_id === ADOPT_ACTION_ID.assignAll)?.value)).toEqual(
      { p: 2 },
    );
    expect(
      parseAdoptValue(elements.find((element) => element.action_id === `${ADOPT_ACTION_ID.page}_prev`)?.value),
    ).toEqual({ p: 1 });
    expect(
      parseAdoptValue(elements.find((element) => element.action_id === `${ADOPT_ACTION_ID.page}_next`)?.value),
    ).toEqual({ p: 3 });
    expect(message.text).toContain('Page 2 of 267 · 4000 contacts');
  });

  it('rejects forged values: not JSON, a user id that is not one, a page that is not a positive integer', () => {
    expect(parseAdoptValue('nope')).toBeUndefined();
    expect(parseAdoptValue(undefined)).toBeUndefined();
    expect(parseAdoptValue(JSON.stringify({ c: 'x', u: '<!channel>', p: -1 }))).toEqual({ c: 'x' });
    expect(parseAdoptValue(JSON.stringify({ p: 1.5 }))).toEqual({});
  });
});
