import type { DecryptFailure, ResourceDecryptor } from './decrypt-resource';
import type { ChangeNotification } from './notification-schema';

/**
 * A queued notification, opened: `resource` is the decrypted resource of a rich
 * notification, absent for a basic one (the worker then reads the resource from Graph).
 */
export type OpenedNotification =
  | { ok: true; notification: ChangeNotification; resource?: Record<string, unknown> }
  | { ok: false; notification: ChangeNotification; reason: DecryptFailure };

/**
 * Opens a notification the route has accepted (clientState and validation tokens already
 * checked). The queue worker calls it, not the route: the ack then costs the same whatever
 * the batch size (one RSA decryption per item), and the queue holds resource data encrypted,
 * as Graph sent it.
 * It never throws; a failure carries its reason for the worker's log and counters.
 */
export const openNotification = (
  decrypt: ResourceDecryptor,
  notification: ChangeNotification,
): OpenedNotification => {
  if (!notification.encryptedContent) return { ok: true, notification };
  const result = decrypt(notification.encryptedContent);
  return result.ok
    ? { ok: true, notification, resource: result.resource }
    : { ok: false, notification, reason: result.reason };
};
