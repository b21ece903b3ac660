/** Graph v1.0 resource paths; every caller-supplied segment is percent-encoded. */

/**
 * The path of one user by object ID or UPN. A UPN that starts with `$` cannot go in
 * `/users/{upn}` (OData reads a leading `$` as a system query option and Graph answers
 * 400), so it takes the key form `/users('{upn}')`, with quotes doubled as OData string
 * literals require. B2B UPNs (`..#EXT#@..`) need `#` encoded, which encodeURIComponent does.
 */
export const userPath = (upnOrId: string): string =>
  upnOrId.startsWith('$')
    ? `/v1.0/users('${encodeURIComponent(upnOrId.replace(/'/g, "''"))}')`
    : `/v1.0/users/${encodeURIComponent(upnOrId)}`;

/** The path of one chat, e.g. `19:abc_def@unq.gbl.spaces` -> `/v1.0/chats/19%3Aabc_def%40unq.gbl.spaces`. */
export const chatPath = (chatId: string): string => `/v1.0/chats/${encodeURIComponent(chatId)}`;

/** The `teamsApp@odata.bind` value for an app in the tenant's catalog, on the given Graph endpoint. */
export const catalogAppBind = (endpoint: string, catalogAppId: string): string =>
  `${endpoint}/v1.0/appCatalogs/teamsApps/${encodeURIComponent(catalogAppId)}`;

/** The collection of change-notification subscriptions (POST to create, GET to list). */
export const SUBSCRIPTIONS_PATH = '/v1.0/subscriptions';

/** The path of one subscription, e.g. `/v1.0/subscriptions/7f105c7d-2dc5-4530-97cd-4e7ae6534c07`. */
export const subscriptionPath = (subscriptionId: string): string =>
  `${SUBSCRIPTIONS_PATH}/${encodeURIComponent(subscriptionId)}`;

/** The advanced hunting action of the Graph security API (security-security-runhuntingquery). */
export const HUNTING_QUERY_PATH = '/v1.0/security/runHuntingQuery';
