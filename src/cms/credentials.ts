import {
  DefaultCredentialsProvider,
  StaticAKCredentialsProvider,
  StaticSTSCredentialsProvider,
} from '@alicloud/credentials';

/** Credentials to sign one CloudMonitor request with, and where they came from. */
export interface CmsCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  /** STS security token, for temporary credentials (RRSA, RAM roles, ALIBABA_CLOUD_SECURITY_TOKEN). */
  securityToken?: string;
  /**
   * The source in `@alicloud/credentials`' terms, e.g. `static_ak` / `static_sts` (the AccessKey settings),
   * `default/oidc_role_arn` (RRSA), `default/ecs_ram_role`, `default/profile` (credentials file), `default/credential_uri`.
   */
  providerName: string;
}

/**
 * What pop-core's RPCClient asks before every request (`credentialsProvider.getCredentials()`, @alicloud/pop-core
 * 1.8.0 lib/rpc.js), so credentials that rotate (STS tokens from RRSA or an ECS RAM role) are picked up without
 * a restart.
 */
export interface CmsCredentialsProvider {
  /** @throws Error when no source yields credentials (its message names the sources tried, never a secret) */
  getCredentials(): Promise<CmsCredentials>;
}

/** The AccessKey settings of src/config.ts (all unset → the default credential chain). */
export interface AccessKeySettings {
  accessKeyId?: string | undefined;
  accessKeySecret?: string | undefined;
  securityToken?: string | undefined;
}

/**
 * The credentials provider for CloudMonitor. With ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET (and optionally
 * ALIBABA_CLOUD_SECURITY_TOKEN) configured, those: the chain's own first link reads the same variables, but from
 * `process.env` only, and config may come from elsewhere (tests, .env). Otherwise `@alicloud/credentials`'
 * default chain, in its order: environment AccessKey → OIDC role (RRSA: ALIBABA_CLOUD_ROLE_ARN,
 * ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE) → Alibaba Cloud CLI profile (~/.aliyun/config.json)
 * → credentials file (ALIBABA_CLOUD_CREDENTIALS_FILE or ~/.alibabacloud/credentials, profile ALIBABA_CLOUD_PROFILE)
 * → ECS RAM role (instance metadata; ALIBABA_CLOUD_ECS_METADATA names the role) → ALIBABA_CLOUD_CREDENTIALS_URI.
 * Temporary credentials are refreshed by the library before they expire (its session providers renew 15 min
 * ahead). Source: https://github.com/aliyun/nodejs-credentials (README, "default credential provider chain"; src/providers/default.ts).
 * @param settings the AccessKey settings; none → the chain
 */
export function createCredentialsProvider(settings: AccessKeySettings = {}): CmsCredentialsProvider {
  const { accessKeyId, accessKeySecret, securityToken } = settings;
  const build = () =>
    accessKeyId && accessKeySecret
      ? securityToken
        ? StaticSTSCredentialsProvider.builder()
            .withAccessKeyId(accessKeyId)
            .withAccessKeySecret(accessKeySecret)
            .withSecurityToken(securityToken)
            .build()
        : StaticAKCredentialsProvider.builder()
            .withAccessKeyId(accessKeyId)
            .withAccessKeySecret(accessKeySecret)
            .build()
      : DefaultCredentialsProvider.builder().build();
  let inner = build();
  return {
    async getCredentials() {
      let got: Awaited<ReturnType<typeof inner.getCredentials>>;
      try {
        got = await inner.getCredentials();
      } catch (error) {
        // After a failed first search the library's chain keeps asking only its last source (dist/src/providers/
        // default.js sets lastUsedProvider while trying each one): start the next call from a fresh chain, so a
        // source that comes up later (an RRSA token file, the ECS metadata service) is found without a restart.
        inner = build();
        throw error;
      }
      return {
        accessKeyId: got.accessKeyId,
        accessKeySecret: got.accessKeySecret,
        ...(got.securityToken ? { securityToken: got.securityToken } : {}),
        providerName: got.providerName || inner.getProviderName(),
      };
    },
  };
}

/**
 * What a person should fix for a CloudMonitor error that concerns credentials or permissions, or undefined for any
 * other code. Codes: Alibaba Cloud's common (POP gateway) errors, https://error-center.alibabacloud.com/status/product/Public
 * (`InvalidAccessKeyId.NotFound` / `.Inactive`, `SignatureDoesNotMatch`, `IncompleteSignature`,
 * `InvalidSecurityToken.Expired` / `.Malformed` / `.MismatchWithAccessKey`, `MissingSecurityToken`, `Forbidden.RAM`,
 * `NoPermission`), and CloudMonitor's `InvalidAuthorization` (PutContact's error codes).
 * @param code the error code CloudMonitor answered with
 * @param action the API action that was refused (named in the RAM permission to grant)
 * @param source the credentials' providerName, when known (which source of the chain was used)
 * @returns one sentence naming the setting or the RAM permission to fix; never a secret
 */
export function credentialProblemFix(code: string, action: string, source?: string): string | undefined {
  const fromSettings = source === undefined || /^static_/.test(source);
  const keySetting = fromSettings
    ? 'ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET'
    : `the credentials from ${source} (RRSA: ALIBABA_CLOUD_ROLE_ARN / ALIBABA_CLOUD_OIDC_PROVIDER_ARN; credentials file: ALIBABA_CLOUD_CREDENTIALS_FILE / ALIBABA_CLOUD_PROFILE)`;
  if (/^InvalidAccessKeyId\.NotFound$|^InvalidAccessKeyId$/.test(code)) {
    return `CloudMonitor does not know this AccessKey ID: check ${keySetting}, and CMS_SITE/CMS_ENDPOINT (an AccessKey of the other Alibaba Cloud site is unknown here)`;
  }
  if (/^InvalidAccessKeyId\./.test(code) || code === 'Forbidden.AccessKeyDisabled') {
    return `the AccessKey is disabled: enable it or create a new one in the RAM console, then update ${keySetting}`;
  }
  if (code === 'SignatureDoesNotMatch' || code === 'IncompleteSignature') {
    return `the AccessKey secret does not match the AccessKey ID: check ${fromSettings ? 'ALIBABA_CLOUD_ACCESS_KEY_SECRET' : keySetting} (no stray spaces or quotes)`;
  }
  if (code === 'InvalidSecurityToken.Expired') {
    return fromSettings
      ? 'the STS token in ALIBABA_CLOUD_SECURITY_TOKEN has expired: an STS token is temporary; use RRSA or an ECS RAM role, which renew it, or an AccessKey without a token'
      : `the STS token from ${source} has expired and was not renewed: check that its source still works (the RRSA token file, the ECS RAM role)`;
  }
  if (/^InvalidSecurityToken\./.test(code) || code === 'MissingSecurityToken') {
    return fromSettings
      ? 'the STS token does not belong to this AccessKey: set ALIBABA_CLOUD_SECURITY_TOKEN together with the STS AccessKey pair it was issued with (ALIBABA_CLOUD_ACCESS_KEY_ID starting STS.), or unset it for a RAM user AccessKey'
      : `the STS token from ${source} was refused: check its source (the RRSA token file, the ECS RAM role)`;
  }
  if (/^Forbidden/.test(code) || code === 'NoPermission' || code === 'NoPermisson' || code === 'InvalidAuthorization') {
    return `the RAM user or role lacks cms:${action}: grant the policy in manifests/ram-policy.json (cms:PutContact, cms:DescribeContactList, cms:DeleteContact, cms:DescribeContactGroupList, cms:PutContactGroup)`;
  }
  return undefined;
}
