import type { ClientStateCheck } from './client-state';
import type { ParsedCollection, ParsedItem } from './notification-schema';
import type { TokenCheck } from './validation-tokens';

/** Why one notification was not accepted: stable codes for counters and log lines. */
export type DropReason =
  'item_invalid' | 'wrong_endpoint' | 'client_state_mismatch' | 'tenant_refused' | 'validation_token_invalid';

/** Which endpoint is screening: change notifications or lifecycle notifications. */
export type NotificationKind = 'change' | 'lifecycle';

export type AcceptedItem<K extends NotificationKind> = Extract<ParsedItem, { ok: true; kind: K }>;

export interface Drop {
  index: number;
  reason: DropReason;
  subscriptionId?: string;
  /** Our own words (a field path, a token check's reason); never a value from the body. */
  detail?: string;
}

/**
 * The outcome for a collection: which items go on and which are dropped, or `retry` when
 * our side could not decide (the signing keys were unreachable) and Graph should resend.
 */
export type Screening<K extends NotificationKind> =
  { retry: false; accepted: AcceptedItem<K>[]; dropped: Drop[] } | { retry: true; reason: string };

export interface ScreenDeps {
  clientStateMatches: ClientStateCheck;
  /** Our tenant: notifications about any other are not ours. */
  tenantId: string;
  checkTokens: (tokens: readonly string[] | undefined) => Promise<TokenCheck>;
}

const isAccepted = <K extends NotificationKind>(item: ParsedItem, kind: K): item is AcceptedItem<K> =>
  item.ok && item.kind === kind;

/** The first reason to drop one item, or undefined to keep it. */
const itemDrop = (item: ParsedItem, kind: NotificationKind, deps: ScreenDeps): Drop | undefined => {
  if (!item.ok) return { index: item.index, reason: 'item_invalid', detail: item.issues };
  const { index, notification } = item;
  const { subscriptionId } = notification;
  if (item.kind !== kind)
    return { index, subscriptionId, reason: 'wrong_endpoint', detail: `a ${item.kind} notification` };
  if (!deps.clientStateMatches(notification.clientState))
    return { index, subscriptionId, reason: 'client_state_mismatch' };
  if (notification.tenantId.toLowerCase() !== deps.tenantId.toLowerCase())
    return { index, subscriptionId, reason: 'tenant_refused' };
  return undefined;
};

/**
 * Tokens are required once any kept item carries resource data (Microsoft: clientState is
 * enough only for basic notifications); when Graph sends tokens anyway, they must pass too.
 */
const needsTokens = (
  kept: readonly AcceptedItem<NotificationKind>[],
  collection: ParsedCollection,
): boolean =>
  collection.validationTokens !== undefined ||
  kept.some((item) => item.kind === 'change' && item.notification.encryptedContent !== undefined);

/**
 * Decides, for one POSTed collection, which notifications this endpoint accepts: each item
 * must be well formed, of this endpoint's kind, carry our clientState and be about our
 * tenant; then, for rich notifications, every validation token must be valid, or no item
 * of the collection is accepted (a token vouches for the whole collection, not for one item).
 */
export const screenCollection = async <K extends NotificationKind>(
  collection: ParsedCollection,
  kind: K,
  deps: ScreenDeps,
): Promise<Screening<K>> => {
  const kept: AcceptedItem<K>[] = [];
  const dropped: Drop[] = [];
  for (const item of collection.items) {
    const drop = itemDrop(item, kind, deps);
    if (drop) dropped.push(drop);
    else if (isAccepted(item, kind)) kept.push(item);
  }
  if (kept.length === 0 || !needsTokens(kept, collection)) return { retry: false, accepted: kept, dropped };
  const tokens = await deps.checkTokens(collection.validationTokens);
  if (tokens.ok) return { retry: false, accepted: kept, dropped };
  if (tokens.retryable) return { retry: true, reason: tokens.reason };
  const refused = kept.map(({ index, notification }): Drop => ({
    index,
    subscriptionId: notification.subscriptionId,
    reason: 'validation_token_invalid',
    detail: tokens.reason,
  }));
  return { retry: false, accepted: [], dropped: [...dropped, ...refused] };
};
