/**
 * Bench child: the floor set by Bolt itself. A bare Bolt 5 app in HTTP mode on 127.0.0.1, with the same token,
 * signing secret and fake Slack as the app under test, whose listeners do the least Slack allows:
 * - `/alert-contact`: ack, then views.open with a one-input modal;
 * - `view_submission` of the contact modal: ack, with no validation and no storage.
 * Answers the parent's `stats` / `stop` requests (lib/child-channel.ts).
 *
 * Environment: SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL (as for the app under test).
 */

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel, type types } from '@slack/bolt';
import { CALLBACK_ID, COMMAND } from '../src/slack/ids.js';
import { failStart, sendReady, serveParent } from './lib/child-channel.js';

const MODAL: types.ModalView = {
  type: 'modal',
  callback_id: CALLBACK_ID.contactModal,
  title: { type: 'plain_text', text: 'Alert contact' },
  submit: { type: 'plain_text', text: 'Send' },
  blocks: [
    {
      type: 'input',
      block_id: 'describe',
      label: { type: 'plain_text', text: 'Description' },
      element: { type: 'plain_text_input', action_id: 'value' },
    },
  ],
};

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

async function main(): Promise<void> {
  let stop = async () => {};
  const { log } = serveParent({}, () => stop());
  const app = new App({
    token: required('SLACK_BOT_TOKEN'),
    signingSecret: required('SLACK_SIGNING_SECRET'),
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: required('SLACK_API_URL') },
  });
  app.command(COMMAND, async ({ ack, command, client }) => {
    await ack();
    await client.views.open({ trigger_id: command.trigger_id, view: MODAL }).catch((error: unknown) => {
      log.write(
        JSON.stringify({
          level: 50,
          msg: `views.open failed: ${String((error as { data?: { error?: string } }).data?.error ?? error)}`,
        }),
      );
    });
  });
  app.view(CALLBACK_ID.contactModal, async ({ ack }) => {
    await ack();
  });
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  stop = async () => {
    await app.stop();
  };
  await sendReady((server.address() as AddressInfo).port);
}

main().catch(failStart);
