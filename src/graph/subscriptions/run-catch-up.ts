import type { Logger } from '../../log/logger';
import type { CatchUpReason, SubscriptionRecord } from './subscription-state';

/** What a catch-up is told: which subscription may have lost notifications, and since when. */
export interface CatchUpRequest {
  name: string;
  resource: string;
  /** The subscription that now delivers notifications. */
  subscriptionId: string;
  /** ISO 8601: changes after this time may have gone unnotified. */
  since: string;
  reason: CatchUpReason;
}

/** Runs the owed catch-up once a subscription delivers again; a failure keeps it owed for the next pass. */
export const runCatchUp = async (
  deps: { log: Logger; catchUp?: (request: CatchUpRequest) => Promise<void> },
  record: SubscriptionRecord,
): Promise<SubscriptionRecord> => {
  const { catchUpSince: since, catchUpReason: reason = 'missed', subscriptionId } = record;
  if (since === undefined || subscriptionId === undefined) return record;
  const { catchUpSince: _since, catchUpReason: _reason, ...settled } = record;
  const request: CatchUpRequest = {
    name: record.name,
    resource: record.resource,
    subscriptionId,
    since,
    reason,
  };
  if (!deps.catchUp) {
    deps.log.warn(
      { graphSubscription: request },
      'graph: notifications may be lost and no catch-up is wired',
    );
    return settled;
  }
  try {
    await deps.catchUp(request);
    deps.log.info({ graphSubscription: request }, `graph: caught up on ${record.resource} since ${since}`);
    return settled;
  } catch (err) {
    deps.log.warn(
      { err, graphSubscription: request },
      'graph: the catch-up failed; it is retried at the next pass',
    );
    return record;
  }
};
