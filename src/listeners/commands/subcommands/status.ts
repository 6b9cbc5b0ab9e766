import type { SubcommandArgs } from './index.js';

/** `/alert-contact status`: being written (see the issue); answers that it is not available yet. */
export async function runStatus({ ack }: SubcommandArgs): Promise<void> {
  await ack({ response_type: 'ephemeral', text: 'This subcommand is not available yet.' });
}
