/**
 * The Graph first-contact source: change notifications on `/chats` and
 * `/chats/getAllMembers` in, FirstContactSignals out. Authentication and decryption of the
 * notifications happen before (the notification route); queueing after.
 */
export {
  GRAPH_FIRST_CONTACT_DEFAULTS,
  createGraphFirstContacts,
  type GraphFirstContacts,
  type GraphFirstContactsOptions,
} from './create-graph-first-contacts';
export {
  bindGraphFirstContactMetrics,
  noGraphFirstContactMetrics,
  type GraphFirstContactMetrics,
  type NotificationOutcome,
} from './graph-first-contact-metrics';
export { parseChatResource, type ChatResource } from './parse-chat-resource';
export type { GraphChatNotification } from './triage-notification';
