import { MemoryFirstContactLog } from '../../../../src/reports/memory-first-contact-log';

export const TENANT = '0d2f0b8e-0000-4000-8000-000000000001';
export const USER = 'a1b2c3d4-0000-4000-8000-000000000002';
export const USER_UPN = 'alice@contoso.com';
export const WARNED_CHAT = '19:warned_chat@unq.gbl.spaces';
export const SENDER = {
  displayName: 'IT Helpdesk',
  upn: 'it@evil.onmicrosoft.com',
  tenantId: 'feed0000-0000-4000-8000-00000000beef',
};

/**
 * A first-contact log in which USER was warned about WARNED_CHAT (delivered), and logged
 * but not warned about `undeliveredChat`.
 */
export const logWithWarning = async (undeliveredChat = '19:undelivered@unq.gbl.spaces') => {
  const log = new MemoryFirstContactLog();
  for (const chatThreadId of [WARNED_CHAT, undeliveredChat]) {
    await log.record({
      tenantId: TENANT,
      recipientId: USER,
      recipientUpn: USER_UPN,
      chatThreadId,
      sender: SENDER,
      observedAt: Date.parse('2026-12-01T10:00:00Z'),
      verdict: 'warn',
      score: 0.9,
      reasons: ['impersonates the helpdesk'],
    });
  }
  await log.recordWarning(TENANT, USER, WARNED_CHAT, {
    at: Date.parse('2026-12-01T10:00:05Z'),
    delivered: true,
  });
  await log.recordWarning(TENANT, USER, undeliveredChat, {
    at: Date.parse('2026-12-01T10:00:05Z'),
    delivered: false,
  });
  return log;
};
