/**
 * What Microsoft documents for the bot's two tenant-wide chat subscriptions, with sources
 * (read for issue 19; re-check them before changing a number):
 *
 * - Lifetime: "Teams chat: 4,320 minutes (three days)" and "Teams conversationMember:
 *   4,320 minutes (three days)", in the subscription-lifetime table shared by
 *   https://learn.microsoft.com/en-us/graph/api/resources/subscription#subscription-lifetime and
 *   https://learn.microsoft.com/en-us/graph/change-notifications-overview#subscription-lifetime
 *   (include change-notifications-subscription-lifetime.md, ms.date 2024-11-07). The table has
 *   no shorter figure for Teams subscriptions with resource data (only Outlook's 1,440 minutes),
 *   so the same maximum applies with and without includeResourceData. Versions of 2022 said
 *   60 minutes for both, and the Teams overview page still says so: Graph may grant less than
 *   asked, so schedules follow the `expirationDateTime` Graph returns, never the request.
 * - "If you request a subscription expirationDateTime that is more than 1 hour in the future,
 *   you must subscribe to lifecycle notifications by including a lifecycleNotificationUrl"
 *   (https://learn.microsoft.com/en-us/graph/teams-changenotifications-chatmembership); Graph
 *   validates that URL like the notificationUrl, and it cannot be added by PATCH later
 *   (https://learn.microsoft.com/en-us/graph/change-notifications-lifecycle-events).
 * - Payment model: `/chats/getAllMembers` takes `?model=A` or `?model=B` on the resource;
 *   without one Graph uses evaluation mode (500 notifications a month per tenant per app,
 *   then no notifications, silently). `/chats` is not in the table and takes none. A model
 *   cannot be changed by PATCH: it needs a new subscription. model=A is for security and
 *   compliance apps, as this one is. Since 2025-08-25 these APIs are no longer billed
 *   (https://learn.microsoft.com/en-us/graph/teams-licenses).
 * - clientState: at most 128 characters (subscription resource type).
 */

/** Tenant-wide chat creation: every new chat in the tenant (Chat.ReadBasic.All). */
export const CHATS_RESOURCE = '/chats';

/** Tenant-wide chat membership: members added to any chat (ChatMember.Read.All). */
export const CHAT_MEMBERS_RESOURCE = '/chats/getAllMembers';

/** Documented maximum lifetime of a Teams chat or conversationMember subscription. */
export const TEAMS_CHAT_MAX_LIFETIME_MS = 4_320 * 60_000;

/** Beyond this lifetime Graph requires a lifecycleNotificationUrl on Teams resources. */
export const LIFECYCLE_URL_REQUIRED_AFTER_MS = 60 * 60_000;

/** Graph's documented maximum length of clientState. */
export const CLIENT_STATE_MAX_LENGTH = 128;

/**
 * What the bot asks for by default: 15 minutes under the documented maximum, so a replica
 * whose clock runs a few minutes ahead of Graph's is not refused.
 */
export const DEFAULT_LIFETIME_MS = TEAMS_CHAT_MAX_LIFETIME_MS - 15 * 60_000;

/** The licensing and payment models of the Teams APIs; `evaluation` sends no `model`. */
export type PaymentModel = 'A' | 'B' | 'evaluation';

/** Resources that take `?model=` (teams-licenses), of those the bot subscribes to. */
const TAKES_PAYMENT_MODEL = new Set([CHAT_MEMBERS_RESOURCE.toLowerCase()]);

/** `/Chats/getAllMembers?model=A` -> `/chats/getallmembers`: for comparing resources. */
export const resourceKey = (resource: string): string =>
  `/${resource.split('?')[0].replace(/^\/+/, '')}`.toLowerCase();

/** Whether Graph documents a payment model for this resource. */
export const takesPaymentModel = (resource: string): boolean =>
  TAKES_PAYMENT_MODEL.has(resourceKey(resource));

/**
 * The resource as sent to Graph: `?model=A` or `?model=B` appended where the resource takes
 * one, unchanged otherwise (and for evaluation mode).
 */
export const resourceWithModel = (resource: string, model: PaymentModel): string =>
  model === 'evaluation' || !takesPaymentModel(resource) ? resource : `${resource}?model=${model}`;
