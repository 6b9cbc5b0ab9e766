/**
 * The Slack error code of a failed Web API call (`data.error` of @slack/web-api's platform errors, e.g.
 * `expired_trigger_id`, `not_in_channel`), or `unknown_error`. A code, like Slack's: the same in every language.
 */
export function describeSlackError(error: unknown): string {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : 'unknown_error';
}
