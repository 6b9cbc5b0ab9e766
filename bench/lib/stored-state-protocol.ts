/** What the stored-state child (bench/stored-state-child.ts) answers to the parent. */
import type { EventLoopDelay } from './event-loop.js';
import type { RegistrationIdentity } from './registration-template.js';

/** Every 33rd registration was made 90 min ago (its 1 h reminder is due): 1 due reminder in 99 ≈ 1 %. */
export const DUE_EVERY = 33;

/** What `populate` returns. */
export interface PopulateResult {
  seconds: number;
  rows: number;
  /** Registrations with a reminder due now. */
  due: RegistrationIdentity[];
}

/** What `sweep` returns; times in ms. */
export interface SweepResult {
  /** Duration of each sweep, in order (each handles up to `limit` due reminders). */
  sweepMs: number[];
  /** Reminders handled per sweep. */
  handled: number[];
  totalMs: number;
  eventLoop: EventLoopDelay;
  errorsLogged: number;
  recentErrors: string[];
}
