import {
  buildReportService,
  dummyAlice,
  dummyBob,
  dummyChatThreadId,
  dummyFirstContact,
  dummyOtherThreadId,
  dummySender,
  dummyTenantId,
} from './fake-report-deps';

const tap = (reporter = dummyAlice, chatThreadId = dummyChatThreadId) => ({
  tenantId: dummyTenantId,
  reporter,
  chatThreadId,
  source: 'warning-card' as const,
});

describe('reportChat from the warning card', () => {
  it('creates a report with the chat, the reporter and the sender from the first-contact log', async () => {
    const { service, firstContacts, clock } = buildReportService();
    await firstContacts.record(dummyFirstContact());

    const result = await service.reportChat(tap());

    expect(result).toEqual({
      ok: true,
      created: true,
      alreadyReportedByThisUser: false,
      report: {
        reportId: 'rpt-1',
        tenantId: dummyTenantId,
        chatThreadId: dummyChatThreadId,
        sender: dummySender,
        firstSeen: dummyFirstContact().observedAt,
        createdAt: clock.now,
        reporters: [{ ...dummyAlice, at: clock.now }],
        status: 'open',
      },
    });
  });

  it('emits ChatReported, High after a warning, with the verification attempts and no secret', async () => {
    const { service, firstContacts, events } = buildReportService();
    await firstContacts.record(dummyFirstContact());
    await firstContacts.recordVerificationAttempt(dummyTenantId, dummyAlice.aadObjectId, dummyChatThreadId, {
      at: dummyFirstContact().observedAt + 1_000,
      outcome: 'wrong',
    });

    await service.reportChat(tap());

    expect(events.emitted).toEqual([
      {
        EventType: 'ChatReported',
        Severity: 'High',
        Source: 'reports',
        ChatThreadId: dummyChatThreadId,
        VictimAccountObjectId: dummyAlice.aadObjectId,
        VictimUPN: dummyAlice.upn,
        SenderUPN: dummySender.upn,
        SenderDisplayName: dummySender.displayName,
        SenderTenantId: dummySender.tenantId,
        Details: {
          reportId: 'rpt-1',
          reporterCount: 1,
          source: 'warning-card',
          newReport: true,
          warned: true,
          seenByBot: true,
          verificationAttempts: 1,
          verificationOutcomes: ['wrong'],
        },
      },
    ]);
    expect(JSON.stringify(events.emitted)).not.toMatch(/\b\d{6}\b/);
  });

  it('emits Medium when the first contact was not a warning', async () => {
    const { service, firstContacts, events } = buildReportService();
    await firstContacts.record(dummyFirstContact({ verdict: 'none', score: 0.1 }));

    await service.reportChat(tap());

    expect(events.emitted[0]).toMatchObject({ EventType: 'ChatReported', Severity: 'Medium' });
  });

  it('changes nothing on a second tap by the same user', async () => {
    const { service, firstContacts, events, clock } = buildReportService();
    await firstContacts.record(dummyFirstContact());
    const first = await service.reportChat(tap());
    clock.now += 5_000;

    const second = await service.reportChat(tap());

    expect(second).toEqual({ ...first, created: false, alreadyReportedByThisUser: true });
    expect(events.emitted).toHaveLength(1);
  });

  it('counts two simultaneous taps by the same user once', async () => {
    const { service, firstContacts, events } = buildReportService();
    await firstContacts.record(dummyFirstContact());

    const results = await Promise.all([service.reportChat(tap()), service.reportChat(tap())]);

    expect(results.filter((r) => r.ok && r.created)).toHaveLength(1);
    expect(events.emitted).toHaveLength(1);
  });

  it('adds a second user to the same report and emits for them', async () => {
    const { service, firstContacts, events } = buildReportService();
    await firstContacts.record(dummyFirstContact());
    await firstContacts.record(
      dummyFirstContact({ recipientId: dummyBob.aadObjectId, recipientUpn: dummyBob.upn }),
    );
    await service.reportChat(tap());

    const result = await service.reportChat(tap(dummyBob));

    expect(result).toMatchObject({ ok: true, created: false, alreadyReportedByThisUser: false });
    expect(result.ok && result.report.reporters.map((r) => r.aadObjectId)).toEqual([
      dummyAlice.aadObjectId,
      dummyBob.aadObjectId,
    ]);
    expect(events.emitted[1]).toMatchObject({
      VictimAccountObjectId: dummyBob.aadObjectId,
      Details: { reportId: 'rpt-1', reporterCount: 2, newReport: false },
    });
  });

  it('refuses a chat the tapping user was never warned about, and stores nothing', async () => {
    const { service, firstContacts, reports, events } = buildReportService();
    // Alice was contacted; Bob taps a forged card naming Alice's chat.
    await firstContacts.record(dummyFirstContact());

    const result = await service.reportChat(tap(dummyBob));

    expect(result).toMatchObject({ ok: false, reason: 'unknown_chat', errorCode: 'not_found' });
    expect(await reports.findByThread(dummyTenantId, dummyChatThreadId)).toBeUndefined();
    expect(events.emitted).toEqual([]);
  });

  it('refuses a chat logged in another tenant', async () => {
    const { service, firstContacts } = buildReportService();
    await firstContacts.record(dummyFirstContact());

    const result = await service.reportChat({ ...tap(), tenantId: '0ther000-0000-4000-8000-000000000000' });

    expect(result).toMatchObject({ ok: false, reason: 'unknown_chat' });
  });

  it.each([['not a thread ID'], [''], [`https://teams.microsoft.com/l/chat/${dummyChatThreadId}/0`]])(
    'refuses card data %j that is not a thread ID',
    async (chatThreadId) => {
      const { service, firstContacts } = buildReportService();
      await firstContacts.record(dummyFirstContact());

      expect(await service.reportChat(tap(dummyAlice, chatThreadId))).toMatchObject({
        ok: false,
        reason: 'unknown_chat',
      });
    },
  );

  it('logs a refused tap', async () => {
    const { service, log } = buildReportService();

    await service.reportChat(tap(dummyAlice, dummyOtherThreadId));

    expect(log.lines.join('')).toContain('report refused');
  });
});

describe('reportChat by link or typed thread ID', () => {
  it('reports a chat the bot never saw, with the sender unknown', async () => {
    const { service, events } = buildReportService();

    const result = await service.reportChat({
      tenantId: dummyTenantId,
      reporter: dummyBob,
      chatThreadId: `https://teams.microsoft.com/l/message/${encodeURIComponent(dummyOtherThreadId)}/1732698000123`,
      source: 'link',
    });

    expect(result).toMatchObject({ ok: true, created: true, report: { chatThreadId: dummyOtherThreadId } });
    expect(result.ok && result.report.sender).toBeUndefined();
    expect(events.emitted[0]).toMatchObject({
      Severity: 'Medium',
      SenderUPN: null,
      Details: { source: 'link', seenByBot: false, verificationAttempts: 0 },
    });
  });

  it('uses the reporter\u2019s first-contact entry when the chat is known', async () => {
    const { service, firstContacts } = buildReportService();
    await firstContacts.record(dummyFirstContact());

    const result = await service.reportChat({ ...tap(), source: 'typed' });

    expect(result.ok && result.report.sender).toEqual(dummySender);
  });

  it('fills in the sender when a contacted user reports a chat first reported by link', async () => {
    const { service, firstContacts } = buildReportService();
    await service.reportChat({ ...tap(dummyBob), source: 'link' });
    await firstContacts.record(dummyFirstContact());

    const result = await service.reportChat(tap());

    expect(result).toMatchObject({ ok: true, created: false, report: { sender: dummySender } });
  });

  it.each([
    ['free text', 'the helpdesk chat'],
    ['a link to another host', `https://evil.example/l/chat/${dummyChatThreadId}/0`],
  ])('refuses %s as an invalid link', async (_what, text) => {
    const { service, events } = buildReportService();

    const result = await service.reportChat({
      tenantId: dummyTenantId,
      reporter: dummyAlice,
      chatThreadId: text,
      source: 'link',
    });

    expect(result).toMatchObject({ ok: false, reason: 'invalid_link', errorCode: 'body_invalid' });
    expect(events.emitted).toEqual([]);
  });
});

describe('reportChat when events fail', () => {
  it('still reports, and logs the failure', async () => {
    const { service, firstContacts, log } = buildReportService({
      events: {
        emit: async () => {
          throw new Error('outbox unavailable');
        },
      },
    });
    await firstContacts.record(dummyFirstContact());

    const result = await service.reportChat(tap());

    expect(result).toMatchObject({ ok: true, created: true });
    expect(log.lines.join('')).toContain('report event could not be emitted');
  });
});
