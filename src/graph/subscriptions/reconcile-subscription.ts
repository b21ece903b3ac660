import { type BackoffOptions, retryDelayMs } from '../../events/backoff';
import { redactUrlsIn } from '../../log/redact-url';
import { isGraphError } from '../graph-error';
import { adoptOrCreate, type AdoptDeps, deleteQuietly, type WantedSubscription } from './adopt-or-create';
import { type CatchUpRequest, runCatchUp } from './run-catch-up';
import type { GraphSubscriptionCalls } from './subscription-calls';
import type { CatchUpReason, LifecycleEvent, SubscriptionRecord } from './subscription-state';

export type { CatchUpRequest };

export interface ReconcileDeps extends AdoptDeps {
  graph: GraphSubscriptionCalls;
  /** Fraction of the granted lifetime after which a subscription is renewed. */
  renewAtFraction: number;
  backoff: BackoffOptions;
  catchUp?: (request: CatchUpRequest) => Promise<void>;
}

type Events = Partial<Record<LifecycleEvent, string>>;

const iso = (ms: number): string => new Date(ms).toISOString();
const earliest = (a: string | undefined, b: string): string => (a !== undefined && a < b ? a : b);

/** When a subscription is due for renewal: `renewAtFraction` of the way from its last renewal to its expiry. */
export const renewDueAt = (record: SubscriptionRecord, renewAtFraction: number): number | undefined => {
  if (record.expiresAt === undefined || record.lastRenewedAt === undefined) return undefined;
  const from = Date.parse(record.lastRenewedAt);
  return from + renewAtFraction * (Date.parse(record.expiresAt) - from);
};

const owe = (record: SubscriptionRecord, since: string, reason: CatchUpReason): SubscriptionRecord => ({
  ...record,
  catchUpSince: earliest(record.catchUpSince, since),
  catchUpReason: record.catchUpReason ?? reason,
});

/** A new (or adopted) subscription in place of `record`'s; notifications since `since` may be lost. */
const replace = async (
  deps: ReconcileDeps,
  wanted: WantedSubscription,
  record: SubscriptionRecord,
  lost?: { since: string; reason: CatchUpReason },
): Promise<SubscriptionRecord> => {
  const previous = record.subscriptionId;
  const { subscription } = await adoptOrCreate(deps, wanted, previous);
  // Gone already after a removal or a 404 (then this answers 404); still live after a change of settings.
  if (previous !== undefined && previous !== subscription.id) await deleteQuietly(deps, previous);
  const replaced: SubscriptionRecord = {
    ...record,
    resource: wanted.resource,
    subscriptionId: subscription.id,
    expiresAt: subscription.expirationDateTime,
    lastRenewedAt: iso(deps.now()),
  };
  return lost ? owe(replaced, lost.since, lost.reason) : replaced;
};

const renew = async (
  deps: ReconcileDeps,
  wanted: WantedSubscription,
  record: SubscriptionRecord & { subscriptionId: string },
): Promise<SubscriptionRecord> => {
  const now = deps.now();
  const renewed = await deps.graph.renewSubscription(
    record.subscriptionId,
    iso(now + deps.settings.lifetimeMs),
  );
  if (!renewed) {
    return replace(deps, wanted, record, { since: record.lastRenewedAt ?? iso(now), reason: 'notFound' });
  }
  deps.log.info(
    {
      graphSubscription: {
        name: wanted.name,
        subscriptionId: renewed.id,
        expiresAt: renewed.expirationDateTime,
      },
    },
    `graph: renewed the subscription to ${wanted.resource}`,
  );
  return { ...record, expiresAt: renewed.expirationDateTime, lastRenewedAt: iso(now) };
};

/** Reauthorizes as Graph asks; falls back to a renewal, which reauthorizes too (webhooks-lifecycle). */
const reauthorize = async (
  deps: ReconcileDeps,
  wanted: WantedSubscription,
  record: SubscriptionRecord & { subscriptionId: string },
): Promise<SubscriptionRecord> => {
  try {
    if ((await deps.graph.reauthorizeSubscription(record.subscriptionId)) === 'reauthorized') return record;
    return await replace(deps, wanted, record, {
      since: record.lastRenewedAt ?? iso(deps.now()),
      reason: 'notFound',
    });
  } catch (err) {
    deps.log.warn(
      { err, graphSubscription: { name: wanted.name } },
      'graph: reauthorize failed; renewing instead',
    );
    return renew(deps, wanted, record);
  }
};

/** The Graph step: create, replace, reauthorize or renew, whichever the record and events call for. */
const maintain = async (
  deps: ReconcileDeps,
  wanted: WantedSubscription,
  record: SubscriptionRecord,
  events: Events,
): Promise<SubscriptionRecord> => {
  const now = deps.now();
  const id = record.subscriptionId;
  if (id === undefined || record.resource !== wanted.resource) return replace(deps, wanted, record);
  if (events.subscriptionRemoved !== undefined) {
    return replace(deps, wanted, record, {
      since: events.subscriptionRemoved,
      reason: 'subscriptionRemoved',
    });
  }
  if (record.expiresAt !== undefined && Date.parse(record.expiresAt) <= now) {
    return replace(deps, wanted, record, { since: record.expiresAt, reason: 'expired' });
  }
  const live = { ...record, subscriptionId: id };
  if (events.reauthorizationRequired !== undefined) return reauthorize(deps, wanted, live);
  const due = renewDueAt(record, deps.renewAtFraction);
  return due === undefined || now >= due ? renew(deps, wanted, live) : record;
};

const failed = (deps: ReconcileDeps, record: SubscriptionRecord, err: unknown): SubscriptionRecord => {
  const failures = record.failures + 1;
  const delayMs = retryDelayMs(failures, deps.backoff, isGraphError(err) ? err.retryAfterMs : undefined);
  deps.log.warn(
    {
      err,
      graphSubscription: {
        name: record.name,
        failures,
        delayMs,
        status: isGraphError(err) ? err.status : undefined,
        graphCode: isGraphError(err) ? err.graphCode : undefined,
      },
    },
    `graph: the subscription ${record.name} could not be maintained; next attempt in ${Math.ceil(delayMs / 1000)} s`,
  );
  return {
    ...record,
    failures,
    lastError: redactUrlsIn(err instanceof Error ? err.message : String(err)).slice(0, 500),
    nextAttemptAt: iso(deps.now() + delayMs),
  };
};

/**
 * One pass over one wanted subscription: absorbs its lifecycle events, talks to Graph as
 * they and the schedule call for, then runs an owed catch-up. Never throws: a failure is
 * counted in the record with the time of the next attempt (backoff, or Graph's Retry-After).
 * `handled` lists the events the returned record accounts for, to be cleared by the caller.
 */
export const reconcileSubscription = async (
  deps: ReconcileDeps,
  wanted: WantedSubscription,
  record: SubscriptionRecord,
  events: Events,
): Promise<{ record: SubscriptionRecord; handled: LifecycleEvent[] }> => {
  // A `missed` event needs no Graph call: it becomes a debt the record keeps until paid.
  const absorbed = events.missed === undefined ? record : owe(record, events.missed, 'missed');
  const handled: LifecycleEvent[] = events.missed === undefined ? [] : ['missed'];
  let next: SubscriptionRecord;
  try {
    next = await maintain(deps, wanted, absorbed, events);
  } catch (err) {
    return { record: failed(deps, absorbed, err), handled };
  }
  const { lastError: _error, nextAttemptAt: _next, ...healthy } = next;
  // A new subscription settles every event of the old one; otherwise only what was acted on.
  const settled =
    next.subscriptionId !== record.subscriptionId ? (Object.keys(events) as LifecycleEvent[]) : handled;
  if (next.subscriptionId === record.subscriptionId && events.reauthorizationRequired !== undefined) {
    settled.push('reauthorizationRequired');
  }
  return { record: await runCatchUp(deps, { ...healthy, failures: 0 }), handled: [...new Set(settled)] };
};
