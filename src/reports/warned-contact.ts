import type { FirstContactEntry, FirstContactLog } from './first-contact-log';

/**
 * The first contact this user was actually warned about, or undefined. Card data names a
 * chat; only this lookup makes it trusted.
 */
export const warnedContact = async (
  log: Pick<FirstContactLog, 'get'>,
  tenantId: string,
  userId: string,
  chatThreadId: string | undefined,
): Promise<FirstContactEntry | undefined> => {
  if (!chatThreadId) return undefined;
  const entry = await log.get(tenantId, userId, chatThreadId);
  return entry?.warnings.some((warning) => warning.delivered) ? entry : undefined;
};
