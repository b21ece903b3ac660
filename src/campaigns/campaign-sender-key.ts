import { normId, type ContactSender } from '../reports/first-contact-log';

/**
 * One sender account of a campaign: by UPN where the contact named one, else by display
 * name within the sender tenant (a Graph notification may carry only the name).
 */
export const senderKeyOf = (sender: ContactSender): string =>
  sender.upn
    ? `upn:${normId(sender.upn)}`
    : `name:${normId(sender.tenantId ?? '')}:${sender.displayName.trim().toLowerCase()}`;
