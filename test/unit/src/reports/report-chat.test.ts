import { checkMembership } from '../../../../src/reports/reporter-check';
import {
  buildReportService,
  dummyAlice,
  dummyAnalyst,
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
  it('creates a report with the chat, the reporter (checked) and the sender from the first-contact log', async () => {
    const { service, firstContacts, reports, clock } = buildReportService();
    await firstContacts.record(dummyFirstContact());

    const result = await service.reportChat(tap());

    expect(result).toEqual({
      ok: true,
      reportId: 'rpt-1',
      created: true,
      alreadyReportedByThisUser: false,
      reportChanged: true,
      checked: true,
      warnedSender: dummySender,
    });
    expect(await reports.get('rpt-1')).toEqual({
      reportId: 'rpt-1',
      tenantId: dummyTenantId,
      chatThreadId: dummyChatThreadId,
      sender: dummySender,
      firstSeen: dummyFirstContact().observedAt,
      createdAt: clock.now,
      reporters: [{ ...dummyAlice, at: clock.now, checked: true }],
      status: 'open',
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
          reporterChecked: true,
          checkedBy: 'first-contact',
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

    expect(second).toEqual({
      ...first,
      created: false,
      alreadyReportedByThisUser: true,
      reportChanged: false,
    });
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
    const { service, firstContacts, events, reports } = buildReportService();
    await firstContacts.record(dummyFirstContact());
    await firstContacts.record(
      dummyFirstContact({ recipientId: dummyBob.aadObjectId, recipientUpn: dummyBob.upn }),
    );
    await service.reportChat(tap());

    const result = await service.reportChat(tap(dummyBob));

    expect(result).toMatchObject({ ok: true, created: false, alreadyReportedByThisUser: false });
    expect((await reports.get('rpt-1'))?.reporters.map((r) => r.aadObjectId)).toEqual([
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
  it('reports a chat the bot never saw, with the sender unknown and the reporter unchecked', async () => {
    const { service, events, reports } = buildReportService();

    const result = await service.reportChat({
      tenantId: dummyTenantId,
      reporter: dummyBob,
      chatThreadId: `https://teams.microsoft.com/l/message/${encodeURIComponent(dummyOtherThreadId)}/1732698000123`,
      source: 'link',
    });

    expect(result).toMatchObject({ ok: true, created: true, checked: false });
    expect(result.ok && 'warnedSender' in result).toBe(false);
    const stored = await reports.findByThread(dummyTenantId, dummyOtherThreadId);
    expect(stored?.sender).toBeUndefined();
    expect(stored?.reporters).toEqual([
      expect.objectContaining({ aadObjectId: dummyBob.aadObjectId, checked: false }),
    ]);
    expect(events.emitted[0]).toMatchObject({
      Severity: 'Medium',
      SenderUPN: null,
      Details: {
        source: 'link',
        seenByBot: false,
        reporterChecked: false,
        checkedBy: null,
        verificationAttempts: 0,
      },
    });
  });

  it('uses the reporter\u2019s first-contact entry when the chat is known', async () => {
    const { service, firstContacts, reports } = buildReportService();
    await firstContacts.record(dummyFirstContact());

    const result = await service.reportChat({ ...tap(), source: 'typed' });

    expect(result).toMatchObject({ ok: true, checked: true, warnedSender: dummySender });
    expect((await reports.get('rpt-1'))?.sender).toEqual(dummySender);
  });

  it('fills in the sender when a contacted user reports a chat first reported by link', async () => {
    const { service, firstContacts, reports } = buildReportService();
    await service.reportChat({ ...tap(dummyBob), source: 'link' });
    await firstContacts.record(dummyFirstContact());

    const result = await service.reportChat(tap());

    expect(result).toMatchObject({ ok: true, created: false });
    expect((await reports.get('rpt-1'))?.sender).toEqual(dummySender);
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

describe('reportChat by someone the bot never warned about the chat', () => {
  const typed = (reporter = dummyBob, chatThreadId = dummyChatThreadId) => ({
    tenantId: dummyTenantId,
    reporter,
    chatThreadId,
    source: 'typed' as const,
  });
  /** The answer without the IDs that differ from one report to the next. */
  const shape = (
    result: Awaited<ReturnType<ReturnType<typeof buildReportService>['service']['reportChat']>>,
  ) => (result.ok ? { ...result, reportId: '<id>', created: '<created>' } : result);

  it('answers exactly as for a never-seen chat, though Alice reported it and it was triaged', async () => {
    const { service, firstContacts } = buildReportService();
    await firstContacts.record(dummyFirstContact());
    await service.reportChat(tap());
    await service.triage({
      tenantId: dummyTenantId,
      reportId: 'rpt-1',
      by: dummyAnalyst,
      decision: 'malicious',
    });

    const known = await service.reportChat(typed());
    const unknown = await service.reportChat(typed(dummyBob, dummyOtherThreadId));

    expect(shape(known)).toEqual(shape(unknown));
    expect(known).toMatchObject({ ok: true, checked: false, alreadyReportedByThisUser: false });
    const json = JSON.stringify(known);
    for (const secret of [dummySender.displayName, dummySender.upn, 'malicious', dummyAlice.aadObjectId])
      expect(json).not.toContain(secret);
  });

  it('still lists them on the report, unchecked, for the security team', async () => {
    const { service, firstContacts, reports } = buildReportService();
    await firstContacts.record(dummyFirstContact());
    await service.reportChat(tap());

    const result = await service.reportChat(typed());

    expect(result).toMatchObject({ ok: true, created: false, reportChanged: true });
    expect((await reports.get('rpt-1'))?.reporters.map((r) => [r.aadObjectId, r.checked])).toEqual([
      [dummyAlice.aadObjectId, true],
      [dummyBob.aadObjectId, false],
    ]);
  });

  it('checks them when Graph lists them as a member of the chat', async () => {
    const asked: string[][] = [];
    const { service, events, reports } = buildReportService({
      chatMembers: {
        isMember: async (tenantId, chatThreadId, userId) => {
          asked.push([tenantId, chatThreadId, userId]);
          return true;
        },
      },
    });

    const result = await service.reportChat(typed());

    expect(asked).toEqual([[dummyTenantId, dummyChatThreadId, dummyBob.aadObjectId]]);
    expect(result).toMatchObject({ ok: true, checked: true });
    expect(result.ok && 'warnedSender' in result).toBe(false);
    expect((await reports.get('rpt-1'))?.reporters[0].checked).toBe(true);
    expect(events.emitted[0].Details).toMatchObject({ reporterChecked: true, checkedBy: 'graph' });
  });

  it('leaves them unchecked when Graph says they are not a member', async () => {
    const { service } = buildReportService({ chatMembers: { isMember: async () => false } });

    expect(await service.reportChat(typed())).toMatchObject({ ok: true, checked: false });
  });

  it('leaves them unchecked, and logs it, when Graph fails', async () => {
    const { service, log } = buildReportService({
      chatMembers: {
        isMember: async () => {
          throw new Error('graph: list the members of chat failed: 403 Forbidden');
        },
      },
    });

    const result = await service.reportChat(typed());

    expect(result).toMatchObject({ ok: true, checked: false });
    expect(log.lines.join('')).toContain('chat membership check failed: reporter unchecked');
  });

  it('does not ask Graph about a chat in the reporter\u2019s own first-contact log', async () => {
    let asked = 0;
    const { service, firstContacts } = buildReportService({
      chatMembers: { isMember: async () => (asked += 1) > 0 },
    });
    await firstContacts.record(dummyFirstContact());

    await service.reportChat({ ...tap(), source: 'typed' });

    expect(asked).toBe(0);
  });

  it('marks them checked once they were warned about the chat and report it again', async () => {
    const { service, firstContacts, reports, events } = buildReportService();
    await service.reportChat(typed());
    await firstContacts.record(
      dummyFirstContact({ recipientId: dummyBob.aadObjectId, recipientUpn: dummyBob.upn }),
    );

    const again = await service.reportChat(tap(dummyBob));

    expect(again).toMatchObject({
      ok: true,
      alreadyReportedByThisUser: true,
      reportChanged: true,
      checked: true,
      warnedSender: dummySender,
    });
    expect((await reports.get('rpt-1'))?.reporters[0].checked).toBe(true);
    expect(events.emitted.filter((e) => e.EventType === 'ChatReported')).toHaveLength(1);
  });
});

describe('checkMembership', () => {
  it('gives up after its budget, unchecked, and says so', async () => {
    const { log } = buildReportService();
    const never = new Promise<boolean>(() => undefined);

    const started = Date.now();
    const checked = await checkMembership(
      { chatMembers: { isMember: () => never }, log: log.logger },
      { tenantId: dummyTenantId, chatThreadId: dummyChatThreadId, reporterObjectId: dummyBob.aadObjectId },
      50,
    );

    expect(checked).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(log.lines.join('')).toContain('chat membership check too slow');
  });

  it('is false without Graph', async () => {
    const { log } = buildReportService();

    expect(
      await checkMembership(
        { log: log.logger },
        { tenantId: dummyTenantId, chatThreadId: dummyChatThreadId, reporterObjectId: dummyBob.aadObjectId },
      ),
    ).toBe(false);
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
