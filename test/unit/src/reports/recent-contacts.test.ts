import {
  buildReportService,
  dummyAlice,
  dummyBob,
  dummyChatThreadId,
  dummyFirstContact,
  dummyOtherThreadId,
  dummyStart,
  dummyTenantId,
} from './fake-report-deps';

const DAY = 24 * 60 * 60_000;
const thread = (n: number) => `19:recent${n}@unq.gbl.spaces`;

describe('recentContacts (typed `report`)', () => {
  it('lists the user\u2019s external first contacts of the last 14 days, newest first', async () => {
    const { service, firstContacts } = buildReportService();
    await firstContacts.record(
      dummyFirstContact({ chatThreadId: thread(1), observedAt: dummyStart - 2 * DAY }),
    );
    await firstContacts.record(
      dummyFirstContact({ chatThreadId: thread(2), observedAt: dummyStart - DAY, verdict: 'none' }),
    );
    await firstContacts.record(
      dummyFirstContact({ chatThreadId: thread(3), observedAt: dummyStart - 15 * DAY }),
    );

    const contacts = await service.recentContacts({ tenantId: dummyTenantId, user: dummyAlice });

    expect(contacts.map((c) => [c.chatThreadId, c.verdict])).toEqual([
      [thread(2), 'none'],
      [thread(1), 'warn'],
    ]);
  });

  it('leaves out contacts from the home tenant and other users\u2019 contacts', async () => {
    const { service, firstContacts } = buildReportService();
    await firstContacts.record(
      dummyFirstContact({
        chatThreadId: thread(1),
        sender: { displayName: 'Colleague', upn: 'c@contoso.com', tenantId: dummyTenantId.toUpperCase() },
      }),
    );
    await firstContacts.record(
      dummyFirstContact({ chatThreadId: thread(2), recipientId: dummyBob.aadObjectId }),
    );
    await firstContacts.record(
      dummyFirstContact({
        chatThreadId: thread(3),
        sender: { displayName: 'Unknown tenant', upn: null, tenantId: null },
      }),
    );

    const contacts = await service.recentContacts({ tenantId: dummyTenantId, user: dummyAlice, days: 14 });

    expect(contacts.map((c) => c.chatThreadId)).toEqual([thread(3)]);
  });

  it('marks the chats this user already reported, not those others reported', async () => {
    const { service, firstContacts } = buildReportService();
    await firstContacts.record(dummyFirstContact());
    await firstContacts.record(
      dummyFirstContact({ chatThreadId: dummyOtherThreadId, observedAt: dummyStart - 30_000 }),
    );
    await firstContacts.record(
      dummyFirstContact({ chatThreadId: dummyOtherThreadId, recipientId: dummyBob.aadObjectId }),
    );
    await service.reportChat({
      tenantId: dummyTenantId,
      reporter: dummyAlice,
      chatThreadId: dummyChatThreadId,
      source: 'warning-card',
    });
    await service.reportChat({
      tenantId: dummyTenantId,
      reporter: dummyBob,
      chatThreadId: dummyOtherThreadId,
      source: 'warning-card',
    });

    const contacts = await service.recentContacts({ tenantId: dummyTenantId, user: dummyAlice });

    expect(contacts.map((c) => [c.chatThreadId, c.reportedByUser])).toEqual([
      [dummyOtherThreadId, false],
      [dummyChatThreadId, true],
    ]);
  });

  it('is empty for a user with no first contacts', async () => {
    const { service } = buildReportService();

    expect(await service.recentContacts({ tenantId: dummyTenantId, user: dummyBob })).toEqual([]);
  });
});

describe('securityView', () => {
  it('gathers reporters with their warnings and attempts, the campaign and the query', async () => {
    const { service, firstContacts } = buildReportService();
    await firstContacts.record(dummyFirstContact());
    await firstContacts.recordWarning(dummyTenantId, dummyAlice.aadObjectId, dummyChatThreadId, {
      at: dummyStart - 50_000,
      delivered: true,
    });
    await firstContacts.record(
      dummyFirstContact({
        recipientId: dummyBob.aadObjectId,
        recipientUpn: dummyBob.upn,
        chatThreadId: dummyOtherThreadId,
      }),
    );
    await service.reportChat({
      tenantId: dummyTenantId,
      reporter: dummyAlice,
      chatThreadId: dummyChatThreadId,
      source: 'warning-card',
    });

    const view = await service.securityView('rpt-1');

    expect(view?.reporters).toEqual([
      expect.objectContaining({
        reporter: expect.objectContaining({ aadObjectId: dummyAlice.aadObjectId }),
        contact: expect.objectContaining({ warnings: [{ at: dummyStart - 50_000, delivered: true }] }),
      }),
    ]);
    expect(view?.campaignContacts).toEqual([
      {
        recipientId: dummyBob.aadObjectId,
        recipientUpn: dummyBob.upn,
        chatThreadId: dummyOtherThreadId,
        observedAt: dummyFirstContact().observedAt,
      },
    ]);
    expect(view?.huntingQuery).toContain(dummyChatThreadId);
    expect(view?.canRemove).toBe(false);
  });

  it('is undefined for an unknown report', async () => {
    const { service } = buildReportService();

    expect(await service.securityView('rpt-none')).toBeUndefined();
  });
});
