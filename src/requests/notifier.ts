import type { ContactRequest } from './request.js';

/**
 * What the request core tells people, as a port: the core decides when; the Slack side (slack/notifier.ts)
 * decides how (Block Kit, chat.postMessage, chat.update, DMs). Tests may pass their own.
 */
export interface Notifier {
  /**
   * Posts the approval message of a request that has none yet and records where it is.
   * @returns the request with its `adminMessage`, or undefined when someone else is posting it right now
   * @throws the Slack error when the post fails (the request stays stored; the sweeper retries)
   */
  postApprovalMessage(request: ContactRequest): Promise<ContactRequest | undefined>;
  /** Re-renders a request's approval message to its current state; failures are logged, never thrown. */
  refreshApprovalMessage(request: ContactRequest): Promise<void>;
  /**
   * Tells the requester the outcome of a decided request (registered, removed, rejected) once.
   * @returns true when the message was sent now
   */
  tellRequester(request: ContactRequest): Promise<boolean>;
  /**
   * Tells the requester that their stored request could not be posted to the admins yet (with Slack's error
   * code); failures are logged, never thrown.
   */
  tellNotPosted(request: ContactRequest, error: unknown): Promise<void>;
}
