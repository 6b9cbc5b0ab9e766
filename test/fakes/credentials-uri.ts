/**
 * A local credentials URI (ALIBABA_CLOUD_CREDENTIALS_URI, the last source of `@alicloud/credentials`' default chain):
 * each GET answers fresh STS credentials issued by the fake CloudMonitor, in the shape the library reads
 * (`{Code: "Success", AccessKeyId, AccessKeySecret, SecurityToken, Expiration}`: @alicloud/credentials 2.4
 * dist/src/providers/uri.js). It stands in for whatever renews temporary credentials in production (RRSA's STS
 * AssumeRoleWithOIDC, the ECS metadata service), so tests can watch credentials rotate under a running bot.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeCloudMonitor, StsCredentials } from './cloudmonitor.js';

export interface FakeCredentialsUri {
  /** `http://127.0.0.1:<port>/credentials`: the value for ALIBABA_CLOUD_CREDENTIALS_URI. */
  readonly url: string;
  /** Every credential handed out, oldest first. */
  readonly issued: readonly StsCredentials[];
  close(): Promise<void>;
}

/**
 * @param cms the fake CloudMonitor that must accept the credentials
 * @param ttlMs validity of each credential, ms. The library renews a credential once it is within 15 minutes of its
 *   Expiration (STALE_TIME, dist/src/providers/session.js), so `15 min + 2 s` makes it renew after about 2 s.
 */
export async function startFakeCredentialsUri(cms: FakeCloudMonitor, ttlMs: number): Promise<FakeCredentialsUri> {
  const issued: StsCredentials[] = [];
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || !req.url?.startsWith('/credentials')) {
      res.writeHead(404).end();
      return;
    }
    const credentials = cms.issueStsCredentials(ttlMs);
    issued.push(credentials);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ Code: 'Success', ...credentials }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/credentials`,
    issued,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
