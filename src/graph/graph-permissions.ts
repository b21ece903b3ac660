/** The Graph calls this client makes, and what an operator must grant for each. */

/** One Graph call of the client, or the token fetch that precedes every call. */
export type GraphOperation =
  | 'installAppForUser'
  | 'checkMemberGroups'
  | 'getUser'
  | 'listChatMembers'
  | 'removeAllAccessForUser'
  | 'createSubscription'
  | 'renewSubscription'
  | 'reauthorizeSubscription'
  | 'deleteSubscription'
  | 'listSubscriptions'
  | 'runHuntingQuery'
  | 'getToken';

/** What a subscription call needs: the read permission of the subscribed resource. */
const SUBSCRIPTION_PERMISSION =
  'the application permission of the subscribed resource: Chat.ReadBasic.All for /chats, ChatMember.Read.All for /chats/getAllMembers';

/**
 * What the app registration needs for each call, from the permission tables of the Graph
 * v1.0 reference (least privileged first). `removeAllAccessForUser` is documented for
 * delegated Chat.ReadWrite.All only: an app-only (client secret) token cannot call it.
 * Subscription calls need the permission of the resource subscribed to (subscription-post-subscriptions).
 * runHuntingQuery takes Graph's ThreatHunting.Read.All (security-security-runhuntingquery), not the
 * AdvancedHunting.Read.All of the older Defender API, which a Graph token does not carry.
 */
export const GRAPH_PERMISSIONS: Readonly<Record<Exclude<GraphOperation, 'getToken'>, string>> = Object.freeze(
  {
    installAppForUser: 'the application permission TeamsAppInstallation.ReadWriteSelfForUser.All',
    checkMemberGroups: 'the application permissions User.Read.All and GroupMember.Read.All',
    getUser: 'the application permission User.Read.All',
    listChatMembers: 'the application permission ChatMember.Read.All',
    removeAllAccessForUser:
      'the delegated permission Chat.ReadWrite.All (Graph offers no application permission for this action, so it needs a token issued for a signed-in user)',
    createSubscription: SUBSCRIPTION_PERMISSION,
    renewSubscription: SUBSCRIPTION_PERMISSION,
    reauthorizeSubscription: SUBSCRIPTION_PERMISSION,
    deleteSubscription: SUBSCRIPTION_PERMISSION,
    listSubscriptions: SUBSCRIPTION_PERMISSION,
    runHuntingQuery:
      'the Microsoft Graph application permission ThreatHunting.Read.All (AdvancedHunting.Read.All belongs to the older Defender API and does not count)',
  },
);

/**
 * The fix an operator can make when Graph refuses a call: 401 is about the token itself,
 * 403 about what the app was granted. Undefined for other statuses.
 */
export const permissionHint = (operation: GraphOperation, status: number | undefined): string | undefined => {
  if (operation === 'getToken') return undefined;
  const grant = `grant the app ${GRAPH_PERMISSIONS[operation]} and admin-consent it in Entra ID`;
  if (status === 401) {
    return `check that the token is for https://graph.microsoft.com/.default (or the national cloud's Graph) in the right tenant, and ${grant}`;
  }
  if (status === 403) return grant;
  return undefined;
};
