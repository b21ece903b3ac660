import type { Logger } from '../../log/logger';
import type { GraphSubscription, GraphSubscriptionCalls, NewGraphSubscription } from './subscription-calls';

/** One subscription the manager keeps alive. */
export interface WantedSubscription {
  /** Stable name for state keys, logs and health, e.g. `chats`. */
  name: string;
  /** As sent to Graph, payment model included, e.g. `/chats/getAllMembers?model=A`. */
  resource: string;
  changeType: string;
}

/** What every subscription of one manager is created with. */
export interface CreationSettings {
  notificationUrl: string;
  lifecycleNotificationUrl: string;
  clientState: string;
  includeResourceData: boolean;
  encryptionCertificate?: string;
  encryptionCertificateId?: string;
  /** The lifetime asked for; Graph may grant less. */
  lifetimeMs: number;
}

/** An adopted subscription must have this much life left; a shorter one is replaced. */
const ADOPT_MIN_REMAINING_MS = 10 * 60_000;

const normalResource = (resource: string): string => resource.replace(/^\/+/, '').toLowerCase();
const changeTypes = (changeType: string): string =>
  changeType
    .split(',')
    .map((type) => type.trim().toLowerCase())
    .sort()
    .join(',');

/**
 * Whether a listed subscription is one this manager would have created: same resource
 * (model included), URLs, change types and resource-data setting. A clientState Graph
 * shows must be ours; one created with another clientState would have its notifications
 * refused, so it is replaced instead of adopted.
 */
export const isSameSubscription = (
  listed: GraphSubscription,
  wanted: WantedSubscription,
  settings: CreationSettings,
): boolean =>
  normalResource(listed.resource) === normalResource(wanted.resource) &&
  listed.notificationUrl === settings.notificationUrl &&
  listed.lifecycleNotificationUrl === settings.lifecycleNotificationUrl &&
  changeTypes(listed.changeType) === changeTypes(wanted.changeType) &&
  (listed.includeResourceData ?? false) === settings.includeResourceData &&
  (listed.clientState === undefined || listed.clientState === settings.clientState);

/** The body of the create call for `wanted`. */
export const creationBody = (
  wanted: WantedSubscription,
  settings: CreationSettings,
  now: number,
): NewGraphSubscription => ({
  changeType: wanted.changeType,
  notificationUrl: settings.notificationUrl,
  lifecycleNotificationUrl: settings.lifecycleNotificationUrl,
  resource: wanted.resource,
  expirationDateTime: new Date(now + settings.lifetimeMs).toISOString(),
  clientState: settings.clientState,
  ...(settings.includeResourceData
    ? {
        includeResourceData: true,
        encryptionCertificate: settings.encryptionCertificate,
        encryptionCertificateId: settings.encryptionCertificateId,
      }
    : {}),
});

export interface AdoptDeps {
  graph: Pick<GraphSubscriptionCalls, 'listSubscriptions' | 'createSubscription' | 'deleteSubscription'>;
  log: Logger;
  now: () => number;
  settings: CreationSettings;
}

/** Deletes a subscription that is no longer wanted; a failure only costs duplicate notifications, so it is logged. */
export const deleteQuietly = async (
  deps: Pick<AdoptDeps, 'graph' | 'log'>,
  subscriptionId: string,
): Promise<void> => {
  try {
    await deps.graph.deleteSubscription(subscriptionId);
  } catch (err) {
    deps.log.warn(
      { err, graphSubscription: { subscriptionId } },
      'graph: a surplus subscription could not be deleted',
    );
  }
};

/**
 * A live subscription for `wanted`: an existing one of ours when Graph lists one (after a
 * lost create answer, a restart that lost the store, a takeover), else a new one. Other
 * matching subscriptions, duplicates included, are deleted so notifications come once.
 * `replacing` is the subscription being replaced, never adopted.
 */
export const adoptOrCreate = async (
  deps: AdoptDeps,
  wanted: WantedSubscription,
  replacing?: string,
): Promise<{ subscription: GraphSubscription; adopted: boolean }> => {
  const now = deps.now();
  const matching = (await deps.graph.listSubscriptions()).filter(
    (listed) => listed.id !== replacing && isSameSubscription(listed, wanted, deps.settings),
  );
  const [keep] = matching
    .filter((listed) => Date.parse(listed.expirationDateTime) > now + ADOPT_MIN_REMAINING_MS)
    .sort((a, b) => Date.parse(b.expirationDateTime) - Date.parse(a.expirationDateTime));
  for (const surplus of matching) if (surplus !== keep) await deleteQuietly(deps, surplus.id);
  if (keep) {
    deps.log.info(
      {
        graphSubscription: { name: wanted.name, subscriptionId: keep.id, expiresAt: keep.expirationDateTime },
      },
      `graph: adopted the existing subscription to ${wanted.resource}`,
    );
    return { subscription: keep, adopted: true };
  }
  const created = await deps.graph.createSubscription(creationBody(wanted, deps.settings, now));
  deps.log.info(
    {
      graphSubscription: {
        name: wanted.name,
        subscriptionId: created.id,
        expiresAt: created.expirationDateTime,
      },
    },
    `graph: subscribed to ${wanted.resource}`,
  );
  return { subscription: created, adopted: false };
};
