/**
 * Microsoft Graph change notifications: the two webhook endpoints (validation handshake,
 * clientState, validation tokens, durable hand-over) and the opening of rich notifications
 * that the queue worker does later. Free of the Teams SDK.
 */
export { createClientStateCheck, type ClientStateCheck } from './client-state';
export {
  createResourceDecryptor,
  type DecryptFailure,
  type DecryptionKey,
  type DecryptResult,
  type ResourceDecryptor,
} from './decrypt-resource';
export {
  changeNotificationSchema,
  encryptedContentSchema,
  lifecycleNotificationSchema,
  notificationCollectionSchema,
  parseNotificationCollection,
  parseNotificationItem,
  type ChangeNotification,
  type EncryptedContent,
  type LifecycleEvent,
  type LifecycleNotification,
  type ParsedCollection,
  type ParsedItem,
} from './notification-schema';
export {
  GRAPH_LIFECYCLE_MAX_BODY_BYTES,
  GRAPH_LIFECYCLE_PATH,
  GRAPH_NOTIFICATIONS_MAX_BODY_BYTES,
  GRAPH_NOTIFICATIONS_PATH,
  graphLifecycleHandler,
  graphNotificationRoutes,
  graphNotificationsHandler,
  type GraphNotificationDeps,
  type NotificationCounters,
} from './notification-route';
export { openNotification, type OpenedNotification } from './open-notification';
export {
  screenCollection,
  type DropReason,
  type NotificationKind,
  type Screening,
} from './screen-collection';
export {
  answerValidationHandshake,
  graphValidationHandshake,
  validationTokenOf,
} from './validation-handshake';
export {
  GRAPH_CHANGE_TRACKING_APP_ID,
  MICROSOFT_JWKS_URL,
  createValidationTokenCheck,
  type TokenCheck,
  type ValidationTokenCheck,
  type ValidationTokenOptions,
} from './validation-tokens';
