/**
 * A small Microsoft Graph client for the bot: install the app for a user, check group
 * membership, look up a user, list a chat's members, remove a user's access to a chat,
 * manage change-notification subscriptions, run Defender advanced hunting queries; and the manager that keeps the bot's
 * subscriptions alive on one replica. Free of the Teams SDK.
 */
export {
  CHECK_MEMBER_GROUPS_LIMIT,
  DEFAULT_GRAPH_BACKOFF,
  createGraphClient,
  type GraphChatMember,
  type GraphClient,
  type GraphClientOptions,
  type GraphUser,
} from './create-graph-client';
export {
  HUNTING_ROW_LIMIT,
  huntingQuotaWaitMs,
  type GraphHuntingCalls,
  type HuntingColumn,
  type HuntingQueryResults,
} from './hunting-calls';
export { GraphError, isGraphError, type GraphErrorDetails } from './graph-error';
export { GRAPH_PERMISSIONS, permissionHint, type GraphOperation } from './graph-permissions';
export {
  GRAPH_SCOPE,
  clientSecretTokenProvider,
  tokenProviderFromCredential,
  type ClientSecretTokenOptions,
  type CredentialDescription,
  type GraphTokenProvider,
} from './token-provider';
export {
  createSubscriptionManager,
  type LifecycleNotice,
  type SubscriptionManager,
} from './subscriptions/subscription-manager';
export type { SubscriptionHealth, SubscriptionsHealth } from './subscriptions/subscription-health';
export {
  DEFAULT_SUBSCRIPTION_BACKOFF,
  DEFAULT_SUBSCRIPTIONS,
  type SubscriptionManagerOptions,
  type SubscriptionSpec,
} from './subscriptions/manager-options';
export type { CatchUpRequest } from './subscriptions/reconcile-subscription';
export type {
  CatchUpReason,
  LifecycleEvent as SubscriptionLifecycleEvent,
} from './subscriptions/subscription-state';
export type {
  GraphSubscription,
  GraphSubscriptionCalls,
  NewGraphSubscription,
} from './subscriptions/subscription-calls';
export { normaliseEncryptionCertificate } from './subscriptions/encryption-certificate';
export {
  CHAT_MEMBERS_RESOURCE,
  CHATS_RESOURCE,
  DEFAULT_LIFETIME_MS,
  TEAMS_CHAT_MAX_LIFETIME_MS,
  resourceWithModel,
  type PaymentModel,
} from './subscriptions/subscription-limits';
