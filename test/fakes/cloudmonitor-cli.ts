/**
 * Standalone fake CloudMonitor for trying the bot locally without an Alibaba Cloud account
 * (`npm run fake:cms`, run with tsx). It is the emulator of ./cloudmonitor.ts (see its header for the public
 * sources it follows) on a fixed port.
 *
 * Environment (empty string = unset):
 * - `FAKE_CMS_PORT`: TCP port on 127.0.0.1, default 8787.
 * - `FAKE_CMS_ACCESS_KEY_ID` / `FAKE_CMS_ACCESS_KEY_SECRET`: the one AccessKey pair accepted, defaults
 *   `test-access-key-id` / `test-access-key-secret` (test-only values). A secret passed via the environment is
 *   never printed.
 *
 * On start it prints one line: the endpoint and the values to put in the bot's `.env`
 * (`CMS_ENDPOINT`, `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, names from src/config.ts).
 *
 * Local admin routes, NOT part of Alibaba's API (they exist only in this fake, need no signature and let a
 * person play the recipient who clicks the activation link):
 * - `POST /_fake/activate?name=<ContactName>&channel=SMS|Mail`: `PENDING` → `OK`; 404 if the contact or
 *   channel does not exist, 400 for another channel.
 * - `GET /_fake/contacts`: JSON dump of contacts (DescribeContactList shape) and groups.
 *
 * Exits 1 with a one-line message if `FAKE_CMS_PORT` is not a port number; stops cleanly on SIGINT/SIGTERM.
 */
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, startFakeCloudMonitor } from './cloudmonitor.js';

/** Reads an environment variable, treating the empty string as unset, like the bot's own settings. */
function env(name: string): string | undefined {
  const v = process.env[name];
  return v === undefined || v === '' ? undefined : v;
}

async function main(): Promise<void> {
  const rawPort = env('FAKE_CMS_PORT') ?? '8787';
  if (!/^\d{1,5}$/.test(rawPort) || Number(rawPort) > 65_535) {
    process.stderr.write('FAKE_CMS_PORT: expected a TCP port number (0-65535)\n');
    process.exit(1);
  }
  const accessKeyId = env('FAKE_CMS_ACCESS_KEY_ID') ?? DEFAULT_ACCESS_KEY_ID;
  const envSecret = env('FAKE_CMS_ACCESS_KEY_SECRET');
  const secret = envSecret ?? DEFAULT_ACCESS_KEY_SECRET;

  const fake = await startFakeCloudMonitor({
    port: Number(rawPort),
    accessKeys: { [accessKeyId]: secret },
    adminRoutes: true,
  });

  const secretHint = envSecret === undefined ? secret : '<your FAKE_CMS_ACCESS_KEY_SECRET>';
  process.stdout.write(
    `Fake CloudMonitor (local emulator, not Alibaba) on ${fake.url}; in .env set CMS_ENDPOINT=${fake.url} ` +
      `ALIBABA_CLOUD_ACCESS_KEY_ID=${accessKeyId} ALIBABA_CLOUD_ACCESS_KEY_SECRET=${secretHint}; ` +
      `activate a channel: curl -X POST '${fake.url}/_fake/activate?name=<ContactName>&channel=SMS'; ` +
      `list: curl ${fake.url}/_fake/contacts\n`,
  );

  const stop = (): void => {
    fake.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`fake CloudMonitor failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
