import type { Reason } from '../detection';
import type { FirstContactSignal } from './first-contact-signal';

/** What the proactive sender needs to warn one user about one chat. */
export interface WarningJob {
  signal: FirstContactSignal;
  score: number;
  reasons: Reason[];
  imitates?: string;
  campaign: { id: string; usersReached: number } | null;
}

export type DeliveryFailure =
  /** No stored conversation reference and the app could not be installed for the user. */
  | 'no_reference'
  /** The user blocked the bot or uninstalled it (403 / 404). */
  | 'blocked'
  /** Retries used up on 412 / 429 / 5xx or network errors. */
  | 'retries_exhausted'
  /** Any other answer of the Bot Connector. */
  | 'rejected';

/** What one proactive send came to: the warning's and every other card's (bot/proactive/proactive-sender.ts). */
export type DeliveryResult =
  | { ok: true; activityId?: string; attempts: number }
  | { ok: false; reason: DeliveryFailure; detail: string; status?: number; attempts: number };

/** Implemented in bot/ (the only place that speaks Bot Framework). */
export interface WarningDelivery {
  deliver(job: WarningJob): Promise<DeliveryResult>;
}
