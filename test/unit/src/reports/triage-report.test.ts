import { translatorFor, type Message } from '../../../../src/i18n/translations';
import { feedbackMessage } from '../../../../src/reports/report-feedback';
import { createSenderLists, MemorySenderListStore, type SenderLists } from '../../../../src/verdicts';
import {
  buildReportService,
  dummyAlice,
  dummyAnalyst,
  dummyBob,
  dummyChatThreadId,
  dummyFirstContact,
  dummySender,
  dummyStart,
  dummyTenantId,
  fakeChatRemover,
  fakeEvents,
  fakeLog,
} from './fake-report-deps';

/** No locale: English. */
const en = translatorFor({}, undefined);
const english = (text: Message): string => en.text(text);
const feedbackText = (...args: Parameters<typeof feedbackMessage>): string =>
  english(feedbackMessage(...args));

/** A service with one report of the dummy chat by Alice and Bob. */
const withReport = async (overrides: Parameters<typeof buildReportService>[0] = {}) => {
  const built = buildReportService(overrides);
  for (const user of [dummyAlice, dummyBob]) {
    await built.firstContacts.record(
      dummyFirstContact({ recipientId: user.aadObjectId, recipientUpn: user.upn }),
    );
    await built.service.reportChat({
      tenantId: dummyTenantId,
      reporter: user,
      chatThreadId: dummyChatThreadId,
      source: 'warning-card',
    });
  }
  built.events.emitted.length = 0;
  return built;
};

const triageBy = (
  by = dummyAnalyst,
  decision: 'malicious' | 'benign' | 'remove' = 'malicious',
  reportId = 'rpt-1',
) => ({
  tenantId: dummyTenantId,
  reportId,
  by,
  decision,
});

describe('triage by a security team member', () => {
  it('confirms malicious: status, who and when, stored', async () => {
    const { service, reports, clock } = await withReport();
    clock.now += 60_000;

    const result = await service.triage(triageBy());

    expect(result).toMatchObject({
      ok: true,
      report: { status: 'malicious', triage: { by: dummyAnalyst, at: clock.now, decision: 'malicious' } },
    });
    expect((await reports.get('rpt-1'))?.status).toBe('malicious');
  });

  it('tells every checked reporter', async () => {
    const { service } = await withReport();

    const result = await service.triage(triageBy());

    expect(result.ok && result.feedback).toEqual([
      {
        user: { tenantId: dummyTenantId, aadObjectId: dummyAlice.aadObjectId },
        text: feedbackMessage('malicious', dummySender, false),
      },
      {
        user: { tenantId: dummyTenantId, aadObjectId: dummyBob.aadObjectId },
        text: feedbackMessage('malicious', dummySender, false),
      },
    ]);
  });

  it('emits ReportTriaged with the decision and the triager', async () => {
    const { service, events } = await withReport();

    await service.triage(triageBy(dummyAnalyst, 'benign'));

    expect(events.emitted).toEqual([
      expect.objectContaining({
        EventType: 'ReportTriaged',
        Severity: 'Informational',
        ChatThreadId: dummyChatThreadId,
        SenderUPN: dummySender.upn,
        Details: expect.objectContaining({
          reportId: 'rpt-1',
          decision: 'benign',
          status: 'benign',
          triagerObjectId: dummyAnalyst.aadObjectId,
          reporterCount: 2,
        }),
      }),
    ]);
  });

  it('refuses a second triage, keeping the first decision and telling no one again', async () => {
    const { service, events } = await withReport();
    await service.triage(triageBy(dummyAnalyst, 'malicious'));

    const second = await service.triage(triageBy(dummyAnalyst, 'benign'));

    expect(second).toMatchObject({
      ok: false,
      reason: 'already_triaged',
      report: { status: 'malicious', triage: { decision: 'malicious' } },
    });
    expect(second.ok === false && english(second.message)).toContain(
      'already triaged as malicious by Sam Security',
    );
    expect(events.emitted).toHaveLength(1);
  });

  it('lets exactly one of two simultaneous triages win', async () => {
    const { service, events } = await withReport();

    const results = await Promise.all([
      service.triage(triageBy(dummyAnalyst, 'malicious')),
      service.triage(triageBy(dummyAnalyst, 'benign')),
    ]);

    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(events.emitted).toHaveLength(1);
  });
});

describe('triage refusals', () => {
  it('refuses a user outside the security team, changes nothing, and logs it', async () => {
    const { service, reports, events, log } = await withReport();

    const result = await service.triage(
      triageBy({ aadObjectId: dummyAlice.aadObjectId, name: dummyAlice.name }),
    );

    expect(result).toMatchObject({ ok: false, reason: 'not_authorized', errorCode: 'not_authorized' });
    expect((await reports.get('rpt-1'))?.status).toBe('open');
    expect(events.emitted).toEqual([]);
    expect(log.lines.join('')).toContain('triage refused: not security team');
  });

  it('refuses a member ID seen from another tenant', async () => {
    const { service } = await withReport();

    const result = await service.triage({ ...triageBy(), tenantId: '0ther000-0000-4000-8000-000000000000' });

    expect(result).toMatchObject({ ok: false, reason: 'not_authorized' });
  });

  it('answers not_found for an unknown report ID', async () => {
    const { service } = await withReport();

    expect(await service.triage(triageBy(dummyAnalyst, 'malicious', 'rpt-forged'))).toMatchObject({
      ok: false,
      reason: 'not_found',
      errorCode: 'not_found',
    });
  });

  it('answers not_found for a report of another tenant', async () => {
    const otherTenant = '0ther000-0000-4000-8000-000000000000';
    const { service, reports } = buildReportService({
      securityTeam: { isMember: async () => true },
    });
    await reports.addReporter({
      tenantId: otherTenant,
      chatThreadId: dummyChatThreadId,
      newReportId: 'rpt-foreign',
      reporter: { aadObjectId: dummyAlice.aadObjectId, at: 1 },
    });

    const result = await service.triage(triageBy(dummyAnalyst, 'malicious', 'rpt-foreign'));

    expect(result).toMatchObject({ ok: false, reason: 'not_found' });
    expect((await reports.get('rpt-foreign'))?.status).toBe('open');
  });

  it('refuses "remove" without Graph, saying how to enable it, and leaves the report open', async () => {
    const { service, reports } = await withReport();

    const result = await service.triage(triageBy(dummyAnalyst, 'remove'));

    expect(result).toMatchObject({ ok: false, reason: 'remove_unavailable', errorCode: 'config_invalid' });
    expect(result.ok === false && english(result.message)).toContain('Chat.ReadWrite.All');
    expect((await reports.get('rpt-1'))?.status).toBe('open');
  });
});

describe('triage "Remove chat for user"', () => {
  it('removes the chat for every reporter on behalf of the analyst and says so', async () => {
    const removal = fakeChatRemover();
    const { service } = await withReport({ chatRemover: removal.remover });

    const result = await service.triage(triageBy(dummyAnalyst, 'remove'));

    expect(removal.calls).toEqual(
      [dummyAlice, dummyBob].map((user) => ({
        chatThreadId: dummyChatThreadId,
        userAadObjectId: user.aadObjectId,
        tenantId: dummyTenantId,
        onBehalfOf: dummyAnalyst,
      })),
    );
    expect(result).toMatchObject({
      ok: true,
      report: { status: 'malicious', triage: { decision: 'remove', removedForUser: true } },
    });
    expect(result.ok && result.feedback.map((f) => english(f.text))).toEqual([
      'Thanks for reporting IT Helpdesk (it@helpdesk-x.onmicrosoft.com). It was a phishing attempt and we removed the chat.',
      'Thanks for reporting IT Helpdesk (it@helpdesk-x.onmicrosoft.com). It was a phishing attempt and we removed the chat.',
    ]);
  });

  it('tells a reporter honestly when their removal failed, and records it', async () => {
    const removal = fakeChatRemover([dummyBob.aadObjectId]);
    const { service, events, log } = await withReport({ chatRemover: removal.remover });

    const result = await service.triage(triageBy(dummyAnalyst, 'remove'));

    expect(result.ok && result.report.triage?.removedForUser).toBe(false);
    expect(result.ok && english(result.feedback[1].text)).toContain('We could not remove the chat for you');
    expect(result.ok && english(result.feedback[0].text)).toContain('we removed the chat');
    expect(events.emitted[0].Details).toMatchObject({ removedFor: 1, removalFailures: 1 });
    expect(log.lines.join('')).toContain('chat removal failed');
  });
});

describe('triage feedback and unchecked reporters', () => {
  const carol = {
    aadObjectId: 'c0c00000-0000-4000-8000-000000000009',
    upn: 'carol@contoso.com',
    name: 'Carol',
  };

  it('tells only the reporters whose report was checked', async () => {
    const built = await withReport();
    await built.service.reportChat({
      tenantId: dummyTenantId,
      reporter: carol,
      chatThreadId: dummyChatThreadId,
      source: 'typed',
    });

    const result = await built.service.triage(triageBy());

    expect(result.ok && result.feedback.map((f) => f.user.aadObjectId)).toEqual([
      dummyAlice.aadObjectId,
      dummyBob.aadObjectId,
    ]);
    expect(built.events.emitted.find((e) => e.EventType === 'ReportTriaged')?.Details).toMatchObject({
      reporterCount: 3,
      uncheckedReporterObjectIds: [carol.aadObjectId],
    });
  });

  it('removes the chat only for checked reporters', async () => {
    const removal = fakeChatRemover();
    const built = await withReport({ chatRemover: removal.remover });
    await built.service.reportChat({
      tenantId: dummyTenantId,
      reporter: carol,
      chatThreadId: dummyChatThreadId,
      source: 'typed',
    });

    const result = await built.service.triage(triageBy(dummyAnalyst, 'remove'));

    expect(removal.calls.map((c) => c.userAadObjectId)).toEqual([
      dummyAlice.aadObjectId,
      dummyBob.aadObjectId,
    ]);
    expect(result.ok && result.report.triage?.removedForUser).toBe(true);
  });

  it('counts a reporter stored without the flag as checked only while the chat is in their first-contact log', async () => {
    const { service, reports, firstContacts } = buildReportService();
    await firstContacts.record(dummyFirstContact());
    // Stored before reporters had a `checked` flag: Alice by card tap, Carol by typing the ID.
    for (const [user, at] of [
      [dummyAlice, 1],
      [carol, 2],
    ] as const)
      await reports.addReporter({
        tenantId: dummyTenantId,
        chatThreadId: dummyChatThreadId,
        newReportId: 'rpt-1',
        reporter: { aadObjectId: user.aadObjectId, name: user.name, at },
      });

    const result = await service.triage(triageBy());

    expect(result.ok && result.feedback.map((f) => f.user.aadObjectId)).toEqual([dummyAlice.aadObjectId]);
  });
});

describe('triage teaches the sender lists', () => {
  /** withReport's service with sender lists, whose events land with the service's. */
  const withLists = async () => {
    const store = new MemorySenderListStore();
    const events = fakeEvents();
    const lists = createSenderLists({ store, events, log: fakeLog().logger });
    const built = await withReport({ events, senderLists: lists });
    events.emitted.length = 0;
    return { ...built, events, store };
  };
  const listed = async (store: MemorySenderListStore, list: 'block' | 'allow') =>
    (await store.list(list, dummyStart, 10)).entries.map((e) => [e.kind, e.value, e.reportId]);

  it('blocks the sender, its tenant and its domain when malicious, after ReportTriaged', async () => {
    const { service, store, events } = await withLists();

    await service.triage(triageBy(dummyAnalyst, 'malicious'));

    expect((await listed(store, 'block')).sort()).toEqual(
      [
        ['domain', 'helpdesk-x.onmicrosoft.com', 'rpt-1'],
        ['sender', dummySender.upn, 'rpt-1'],
        ['tenant', dummySender.tenantId, 'rpt-1'],
      ].sort(),
    );
    expect(events.emitted.map((e) => [e.EventType, e.Details?.action ?? null])).toEqual([
      ['ReportTriaged', null],
      ['SenderListChanged', 'added'],
      ['SenderListChanged', 'added'],
      ['SenderListChanged', 'added'],
    ]);
    expect(await listed(store, 'allow')).toEqual([]);
  });

  it('allows the sender only when benign, and says the scope on ReportTriaged', async () => {
    const { service, store, events } = await withLists();

    await service.triage(triageBy(dummyAnalyst, 'benign'));

    expect(await listed(store, 'allow')).toEqual([['sender', dummySender.upn, 'rpt-1']]);
    expect(await listed(store, 'block')).toEqual([]);
    expect(events.emitted[0].Details).toMatchObject({ decision: 'benign', benignScope: 'sender' });
  });

  it("allows the sender's tenant and domain too when the analyst trusts the whole organisation", async () => {
    const { service, store, events } = await withLists();

    await service.triage({ ...triageBy(dummyAnalyst, 'benign'), benignScope: 'organisation' });

    expect((await listed(store, 'allow')).map(([kind]) => kind).sort()).toEqual([
      'domain',
      'sender',
      'tenant',
    ]);
    expect(events.emitted[0].Details).toMatchObject({ benignScope: 'organisation' });
  });

  it('ignores the organisation choice on a malicious decision (it blocks the organisation anyway)', async () => {
    const { service, store } = await withLists();

    await service.triage({ ...triageBy(dummyAnalyst, 'malicious'), benignScope: 'organisation' });

    expect(await listed(store, 'allow')).toEqual([]);
    expect((await listed(store, 'block')).length).toBe(3);
  });

  it('teaches nothing when the triage is refused', async () => {
    const { service, store } = await withLists();

    await service.triage(triageBy({ aadObjectId: dummyAlice.aadObjectId, name: dummyAlice.name }));

    expect(await listed(store, 'block')).toEqual([]);
  });

  it('still triages when the lists fail, and logs what to add by hand', async () => {
    const failing: Pick<SenderLists, 'add'> = {
      add: async () => {
        throw new Error('Redis is gone');
      },
    };
    const built = await withReport();
    const { service } = buildReportService({
      reports: built.reports,
      firstContacts: built.firstContacts,
      events: built.events,
      log: built.log.logger,
      senderLists: failing,
    });

    const result = await service.triage(triageBy(dummyAnalyst, 'malicious'));

    expect(result.ok).toBe(true);
    const messages = built.log.lines.map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages).toContain(
      `sender list not updated by the triage: add it with "blocklist add ${dummySender.upn}"`,
    );
  });
});

describe('feedbackMessage', () => {
  it.each([
    [
      'malicious',
      true,
      'Thanks for reporting IT Helpdesk (it@helpdesk-x.onmicrosoft.com). It was a phishing attempt. Do not reply',
    ],
    ['remove', true, 'It was a phishing attempt and we removed the chat.'],
    ['remove', false, 'It was a phishing attempt. We could not remove the chat for you'],
    ['benign', false, 'this one was safe'],
  ] as const)('for %s (removed: %s) says %j', (decision, removed, expected) => {
    expect(feedbackText(decision, dummySender, removed)).toContain(expected);
  });

  it('names the chat when the sender is unknown', () => {
    expect(feedbackText('benign', undefined, false)).toMatch(/^Thanks for reporting that chat\. /);
  });

  const de = translatorFor({}, 'de-DE');

  it.each([
    ['malicious', false, 'Es war ein Phishing-Versuch. Antworten Sie nicht'],
    ['remove', true, 'Es war ein Phishing-Versuch, und wir haben den Chat entfernt.'],
    ['remove', false, 'Wir konnten den Chat für Sie nicht entfernen'],
    ['benign', false, 'Dieser Kontakt war sicher'],
  ] as const)('says %s (removed: %s) in German: %j', (decision, removed, expected) => {
    const text = de.text(feedbackMessage(decision, dummySender, removed));

    expect(text).toMatch(
      /^Danke, dass Sie IT Helpdesk \(it@helpdesk-x\.onmicrosoft\.com\) gemeldet haben\. /,
    );
    expect(text).toContain(expected);
    expect(text).not.toMatch(/Thanks|phishing attempt|Do not reply/);
  });

  it('names the unknown chat in German', () => {
    expect(de.text(feedbackMessage('benign', undefined, false))).toMatch(
      /^Danke, dass Sie diesen Chat gemeldet haben\. /,
    );
  });
});

describe('triage refusals in the reader\u2019s language', () => {
  it('refuses a non-member in German, and in English for zh-CN', async () => {
    const { service } = await withReport();

    const result = await service.triage(triageBy(dummyAlice));

    expect(result.ok === false && translatorFor({}, 'de-DE').text(result.message)).toBe(
      'Nur Mitglieder des Sicherheitsteams können Meldungen bewerten.',
    );
    expect(result.ok === false && translatorFor({}, 'zh-CN').text(result.message)).toBe(
      'Only members of the security team can triage reports.',
    );
  });

  it('says who already triaged a report, in Japanese', async () => {
    const { service } = await withReport();
    await service.triage(triageBy(dummyAnalyst, 'malicious'));

    const second = await service.triage(triageBy(dummyAnalyst, 'benign'));

    expect(second.ok === false && translatorFor({}, 'ja-JP').text(second.message)).toMatch(
      /^この報告は既に Sam Security によって .+ に「悪意あり」とトリアージされています。$/,
    );
  });
});
