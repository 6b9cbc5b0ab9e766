/**
 * Start-up failures as one line naming the setting to fix and how; main.ts prints the line and exits 1, with no
 * stack trace. Messages never contain a token or secret (only Slack's error code, a port, a file path).
 */

/** A failure to start that names its setting; `message` is the whole line to print. */
export class StartError extends Error {
  readonly code = 'start_failed';
  constructor(
    /** The environment variable to fix, e.g. `SLACK_BOT_TOKEN`. */
    readonly setting: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StartError';
  }
}

/** Slack's error code of a failed Web API call (`data.error`), or `unreachable` when Slack did not answer. */
function slackCode(error: unknown): string {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : 'unreachable';
}

/**
 * The bot token was refused by auth.test (`invalid_auth`, `not_authed`, `account_inactive`, `token_revoked`…),
 * or Slack could not be reached. Source of the codes: https://docs.slack.dev/reference/methods/auth.test
 */
export function botTokenError(error: unknown): StartError {
  const code = slackCode(error);
  const fix =
    code === 'unreachable'
      ? 'check the network (and SLACK_API_URL if set)'
      : 'copy the Bot User OAuth Token (xoxb-…) again from OAuth & Permissions, and reinstall the app if it was revoked';
  return new StartError(
    'SLACK_BOT_TOKEN',
    `Slack rejected SLACK_BOT_TOKEN or could not be reached (auth.test: ${code}): ${fix}`,
    { cause: error },
  );
}

/**
 * Socket Mode could not connect: apps.connections.open refused the app-level token (`invalid_auth`,
 * `not_allowed_token_type` for a token without `connections:write`…) or Slack could not be reached.
 * Source: https://docs.slack.dev/reference/methods/apps.connections.open
 */
export function appTokenError(error: unknown): StartError {
  const code = slackCode(error);
  return new StartError(
    'SLACK_APP_TOKEN',
    `Socket Mode could not connect with SLACK_APP_TOKEN (apps.connections.open: ${code}): generate an App-Level Token (xapp-…) with the connections:write scope under Basic Information → App-Level Tokens, or leave SLACK_APP_TOKEN empty for HTTP mode`,
    { cause: error },
  );
}

/**
 * The HTTP server could not listen (EADDRINUSE: another process has the port; EACCES: a port below 1024 without
 * the privilege; EADDRNOTAVAIL: HOST is not an address of this machine).
 * @param port the configured PORT; `host` the configured HOST, if any
 */
export function listenError(error: unknown, port: number, host: string | undefined): StartError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'unknown';
  if (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT') {
    return new StartError(
      'HOST',
      `could not listen on HOST ${host ?? ''} (${code}): set HOST to an address of this machine, or leave it empty`,
      { cause: error },
    );
  }
  const why =
    code === 'EADDRINUSE'
      ? 'another process is using it'
      : code === 'EACCES'
        ? 'ports below 1024 need privileges'
        : 'the system refused it';
  return new StartError(
    'PORT',
    `could not listen on PORT ${port} (${code}: ${why}): set PORT to a free port, or stop the other process`,
    { cause: error },
  );
}
