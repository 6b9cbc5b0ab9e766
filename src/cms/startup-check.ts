import type { CmsClient } from './client.js';
import { credentialProblemFix } from './credentials.js';
import { asCmsError } from './errors.js';

/** The logger calls the check makes (pino's and Bolt's shape). */
interface CheckLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * Right after start, one DescribeContactList (the cheapest read) to learn whether CloudMonitor accepts the
 * credentials. A credential or permission error is logged as an error that names the setting or the RAM
 * permission to fix ({@link credentialProblemFix}) and the source of the credentials; anything else (CloudMonitor
 * slow or briefly unreachable) is a warning. Logs the credentials' source and AccessKey ID, never a secret or token.
 * Never throws.
 * @param cms the CloudMonitor client
 * @param logger where to report
 * @param endpoint the CloudMonitor endpoint in use (named in the "could not reach" warning)
 */
export async function checkCloudMonitorAccess(cms: CmsClient, logger: CheckLogger, endpoint?: string): Promise<void> {
  const source = await cms.credentials?.getCredentials().then(
    (credentials) => credentials.providerName,
    () => undefined,
  );
  try {
    await cms.describeContact('alert-contact-bot-startup-check');
    logger.info({ credentials: source }, 'CloudMonitor accepts the credentials');
  } catch (error) {
    const { code } = asCmsError(error);
    if (code === 'NoCredentials') {
      logger.error({ code }, `no CloudMonitor credentials found: ${NO_CREDENTIALS}`);
      return;
    }
    const fix = credentialProblemFix(code, 'DescribeContactList', source);
    if (fix) {
      logger.error({ code, credentials: source }, `CloudMonitor rejected the AccessKey: ${fix}`);
    } else {
      logger.warn(
        { code, endpoint },
        `could not reach CloudMonitor at start (${endpoint ?? 'CMS_ENDPOINT'}): check CMS_ENDPOINT / CMS_REGION and the network; will keep trying when needed`,
      );
    }
  }
}

/** The fix when no source of the credential chain yields credentials. */
export const NO_CREDENTIALS =
  'set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or run with RRSA (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE), an ECS RAM role, or a credentials file (ALIBABA_CLOUD_CREDENTIALS_FILE)';
