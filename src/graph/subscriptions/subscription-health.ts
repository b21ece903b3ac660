import type { WantedSubscription } from './adopt-or-create';
import type { SubscriptionState } from './subscription-state';

/** One kept subscription, for /readyz and /metrics. */
export interface SubscriptionHealth {
  name: string;
  resource: string;
  subscriptionId?: string;
  expiresAt?: string;
  lastRenewedAt?: string;
  /** The last change notification noted for the current subscription, from any replica. */
  lastNotificationAt?: string;
  failures: number;
  lastError?: string;
  nextAttemptAt?: string;
  /** `active`: a subscription exists and has not expired; `missing`: notifications do not come. */
  state: 'active' | 'missing';
}

export interface SubscriptionsHealth {
  /** Whether this replica holds the lease (talks to Graph). */
  leader: boolean;
  subscriptions: SubscriptionHealth[];
}

/** Each wanted subscription's health from the shared store, as any replica sees it. */
export const readHealth = (
  state: SubscriptionState,
  wanted: readonly WantedSubscription[],
  now: number,
): Promise<SubscriptionHealth[]> =>
  Promise.all(
    wanted.map(async (target): Promise<SubscriptionHealth> => {
      const record = await state.record(target.name);
      const id = record?.subscriptionId;
      const expiresAt = record?.expiresAt;
      const seen = id === undefined ? undefined : await state.seen(id);
      const optional = {
        subscriptionId: id,
        expiresAt,
        lastRenewedAt: record?.lastRenewedAt,
        lastNotificationAt: seen,
        lastError: record?.lastError,
        nextAttemptAt: record?.nextAttemptAt,
      };
      return {
        name: target.name,
        resource: record?.resource ?? target.resource,
        failures: record?.failures ?? 0,
        ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
        state:
          id !== undefined && expiresAt !== undefined && Date.parse(expiresAt) > now ? 'active' : 'missing',
      };
    }),
  );
