import { acknowledgeWarning } from '../../../../src/reports/acknowledge-warning';
import { fakePublisher } from '../../../support/fake-publisher';
import { SENDER, TENANT, USER, USER_UPN, WARNED_CHAT, logWithWarning } from './warned-chat';

describe('acknowledgeWarning', () => {
  it('accepts a chat the user was warned about and emits UserAcknowledged naming the warned sender', async () => {
    const events = fakePublisher(TENANT);
    const firstContacts = await logWithWarning();

    const result = await acknowledgeWarning(
      { firstContacts, events },
      { tenantId: TENANT, userId: USER, chatThreadId: WARNED_CHAT },
    );

    expect(result).toEqual({ ok: true, sender: SENDER });
    expect(events.ofType('UserAcknowledged')).toEqual([
      expect.objectContaining({
        ChatThreadId: WARNED_CHAT,
        VictimAccountObjectId: USER,
        VictimUPN: USER_UPN,
        SenderUPN: SENDER.upn,
        SenderDisplayName: SENDER.displayName,
        SenderTenantId: SENDER.tenantId,
        Details: { warnedAt: '2026-12-01T10:00:05.000Z' },
      }),
    ]);
  });

  it.each([
    ['a chat the user was never warned about', '19:other@unq.gbl.spaces', USER],
    ['a logged chat whose warning was not delivered', '19:undelivered@unq.gbl.spaces', USER],
    ['a warned chat of another user', WARNED_CHAT, 'b0000000-0000-4000-8000-000000000009'],
    ['no chat at all', undefined, USER],
  ])('refuses %s and emits nothing', async (_case, chatThreadId, userId) => {
    const events = fakePublisher(TENANT);
    const firstContacts = await logWithWarning();

    const result = await acknowledgeWarning(
      { firstContacts, events },
      { tenantId: TENANT, userId, chatThreadId },
    );

    expect(result).toEqual({ ok: false, reason: 'not_warned' });
    expect(events.events).toEqual([]);
  });
});
