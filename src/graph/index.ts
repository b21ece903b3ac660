/**
 * A small Microsoft Graph client for the bot: install the app for a user, check group
 * membership, look up a user, list a chat's members, remove a user's access to a chat.
 * Free of the Teams SDK.
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
