import { triageReport } from '../../../../bot/handlers/triage-report';
import { reportSecurityCard } from '../../../../cards/report-security';
import { REPORT_MALICIOUS_VERB } from '../../../../cards/report-verbs';
import { DEFAULT_PROFILE } from '../../../../src/config/helpdesk-profile';
import { translatorFor, type Message } from '../../../../src/i18n/translations';
import { feedbackMessage } from '../../../../src/reports/report-feedback';
import {
  DUMMY_HOME_TENANT,
  DUMMY_OTHER_TENANT,
  DUMMY_USER_ID,
  deepMerge,
  dummyActivity,
  inTenant,
} from '../../../support/activities';
import { cardActions, cardOf, cardTexts } from '../support/card-content';
import {
  DUMMY_ANALYST_ID,
  DUMMY_BOB_ID,
  DUMMY_SENDER,
  DUMMY_STAFF_ID,
  DUMMY_WARNED_CHAT,
  handlerDeps,
  logFirstContact,
  type HandlerHarness,
} from '../support/handler-deps';
import { dummyCardTap, fakeTurn, fromNobody, fromUser } from '../support/handler-turn';

/** No locale: English. */
const en = translatorFor({}, undefined);

const ANA = fromUser(DUMMY_ANALYST_ID, 'Ana Analyst');

/** A tap on the security card: the invoke comes from the security channel, not a 1:1 chat. */
const securityTap = (data: Record<string, unknown>, from: Record<string, unknown> = ANA) => {
  const channel = dummyActivity('message.channel.mention');
  return fakeTurn(
    dummyCardTap(
      REPORT_MALICIOUS_VERB,
      data,
      deepMerge({ conversation: channel.conversation, channelData: channel.channelData }, from),
    ),
  );
};

/** Alice reports the chat she was warned about (checked); the queue is emptied of its card. */
const reportedByAlice = async (harness: HandlerHarness): Promise<string> => {
  await logFirstContact(harness.stores);
  const reported = await harness.deps.reports.reportChat({
    tenantId: DUMMY_HOME_TENANT,
    reporter: { aadObjectId: DUMMY_USER_ID, name: 'Alice Example' },
    chatThreadId: DUMMY_WARNED_CHAT,
    source: 'warning-card',
  });
  if (!reported.ok) throw new Error(`setup: ${reported.message}`);
  await harness.notifications();
  return reported.reportId;
};

describe('triageReport (the security card)', () => {
  it('answers a security team member with the card refreshed to show the decision and no triage buttons', async () => {
    const harness = handlerDeps();
    const reportId = await reportedByAlice(harness);

    const result = await triageReport(harness.deps, 'malicious')(securityTap({ reportId }).context, {
      reportId,
    });

    const view = await harness.deps.reports.securityView(reportId);
    expect(view?.report.status).not.toBe('open');
    expect(result).toEqual({ card: reportSecurityCard(en, view as NonNullable<typeof view>) });
    expect(cardTexts(cardOf(result))).toContainEqual(
      expect.stringMatching(/^Confirmed malicious, by Ana Analyst at /),
    );
    expect(cardActions(cardOf(result))).toEqual([]);
  });

  it.each([
    ['malicious', 'It was a phishing attempt.'],
    ['benign', 'this one was safe'],
  ] as const)('queues the %s verdict for the checked reporter', async (decision, words) => {
    const harness = handlerDeps();
    const reportId = await reportedByAlice(harness);

    await triageReport(harness.deps, decision)(securityTap({ reportId }).context, { reportId });

    const notices = await harness.notifications();
    expect(notices).toEqual([
      {
        kind: 'user-message',
        user: { tenantId: DUMMY_HOME_TENANT, aadObjectId: DUMMY_USER_ID },
        text: feedbackMessage(decision, DUMMY_SENDER, false),
      },
    ]);
    expect(
      notices.map((notice) => notice.kind === 'user-message' && en.text(notice.text as Message)),
    ).toEqual([expect.stringContaining(words)]);
  });

  it('emits ReportTriaged with the decision and who made it', async () => {
    const harness = handlerDeps();
    const reportId = await reportedByAlice(harness);

    await triageReport(harness.deps, 'benign')(securityTap({ reportId }).context, { reportId });

    expect(harness.events.ofType('ReportTriaged')).toEqual([
      expect.objectContaining({
        Severity: 'Informational',
        ChatThreadId: DUMMY_WARNED_CHAT,
        Details: expect.objectContaining({
          reportId,
          decision: 'benign',
          triagerObjectId: DUMMY_ANALYST_ID,
          triagerName: 'Ana Analyst',
        }),
      }),
    ]);
  });

  it('queues nothing for a reporter who only typed the chat ID (unchecked)', async () => {
    const harness = handlerDeps();
    const reportId = await reportedByAlice(harness);
    await harness.deps.reports.reportChat({
      tenantId: DUMMY_HOME_TENANT,
      reporter: { aadObjectId: DUMMY_BOB_ID, name: 'Bob' },
      chatThreadId: DUMMY_WARNED_CHAT,
      source: 'link',
    });
    await harness.notifications();

    await triageReport(harness.deps, 'malicious')(securityTap({ reportId }).context, { reportId });

    const users = (await harness.notifications()).map((notice) =>
      notice.kind === 'user-message' ? notice.user.aadObjectId : notice.kind,
    );
    expect(users).toEqual([DUMMY_USER_ID]);
  });

  it.each([
    ['a user who is not on the security team', fromUser(DUMMY_USER_ID, 'Alice Example')],
    ['a helpdesk staff member (staff are not the security team)', fromUser(DUMMY_STAFF_ID, 'Sam Staff')],
    [
      "a security team member's object ID seen from another tenant",
      { ...ANA, ...inTenant(DUMMY_OTHER_TENANT) },
    ],
  ])('refuses %s with 403 not_authorized and changes nothing', async (_what, from) => {
    const harness = handlerDeps();
    const reportId = await reportedByAlice(harness);

    const result = await triageReport(harness.deps, 'malicious')(securityTap({ reportId }, from).context, {
      reportId,
    });

    expect(result).toEqual({
      error: {
        status: 403,
        code: 'not_authorized',
        message: 'Only members of the security team can triage reports.',
      },
    });
    expect((await harness.stores.reports.get(reportId))?.status).toBe('open');
    expect(await harness.notifications()).toEqual([]);
    expect(harness.events.ofType('ReportTriaged')).toEqual([]);
  });

  it.each([
    ['no report ID', {}, ANA],
    ['a report ID that is not a string', { reportId: 7 }, ANA],
  ])('answers a tap with %s with 400 report_unknown', async (_what, data, from) => {
    const harness = handlerDeps();
    await reportedByAlice(harness);

    const result = await triageReport(harness.deps, 'malicious')(securityTap(data, from).context, data);

    expect(result).toEqual({
      error: { status: 400, code: 'report_unknown', message: 'This card does not name a report.' },
    });
    expect(await harness.notifications()).toEqual([]);
  });

  it('answers a tap with no Entra user behind it with 400 user_unknown', async () => {
    const harness = handlerDeps();
    await reportedByAlice(harness);
    const data = { reportId: 'rpt-x' };

    const result = await triageReport(harness.deps, 'malicious')(securityTap(data, fromNobody).context, data);

    expect(result).toEqual({
      error: { status: 400, code: 'user_unknown', message: en.t('common.unknownUser') },
    });
    expect(await harness.notifications()).toEqual([]);
  });

  it('answers a report ID the store does not know with 404 not_found', async () => {
    const harness = handlerDeps();
    await reportedByAlice(harness);
    const data = { reportId: 'rpt-00000000-0000-4000-8000-000000000000' };

    const result = await triageReport(harness.deps, 'malicious')(securityTap(data).context, data);

    expect(result).toEqual({
      error: { status: 404, code: 'not_found', message: 'There is no such report. It may have expired.' },
    });
  });

  it('answers a second decision with the card of the first, which stands, and queues nothing new', async () => {
    const harness = handlerDeps();
    const reportId = await reportedByAlice(harness);
    await triageReport(harness.deps, 'malicious')(securityTap({ reportId }).context, { reportId });
    await harness.notifications();

    const result = await triageReport(harness.deps, 'benign')(securityTap({ reportId }).context, {
      reportId,
    });

    expect(cardTexts(cardOf(result))).toContainEqual(
      expect.stringMatching(/^Confirmed malicious, by Ana Analyst/),
    );
    expect((await harness.stores.reports.get(reportId))?.triage?.decision).toBe('malicious');
    expect(await harness.notifications()).toEqual([]);
    expect(harness.events.ofType('ReportTriaged')).toHaveLength(1);
  });

  it('refuses "Remove chat for user" without Graph with 400 remove_unavailable and leaves the report open', async () => {
    const harness = handlerDeps();
    const reportId = await reportedByAlice(harness);

    const result = await triageReport(harness.deps, 'remove')(securityTap({ reportId }).context, {
      reportId,
    });

    expect(result).toEqual({
      error: expect.objectContaining({ status: 400, code: 'remove_unavailable' }),
    });
    expect((await harness.stores.reports.get(reportId))?.status).toBe('open');
    expect(await harness.notifications()).toEqual([]);
  });
});

describe('triageReport in the security team\u2019s language', () => {
  const germanTeam = { ...DEFAULT_PROFILE, securityTeamLanguage: 'de' as const };

  it('refreshes the card in the security team\u2019s language, whatever the tapper\u2019s locale', async () => {
    const harness = handlerDeps({ profile: germanTeam });
    const reportId = await reportedByAlice(harness);
    const turn = securityTap({ reportId }, { ...ANA, locale: 'en-US' });

    const result = await triageReport(harness.deps, 'malicious')(turn.context, { reportId });

    const view = await harness.deps.reports.securityView(reportId);
    expect(result).toEqual({
      card: reportSecurityCard(translatorFor({}, 'de'), view as NonNullable<typeof view>),
    });
    expect(cardTexts(cardOf(result))).toContainEqual(
      expect.stringMatching(/^Als schädlich bestätigt, von Ana Analyst am /),
    );
  });

  it('refuses in the tapper\u2019s language', async () => {
    const harness = handlerDeps();
    const reportId = await reportedByAlice(harness);
    const from = { ...fromUser(DUMMY_USER_ID, 'Alice Example'), locale: 'de-DE' };

    const result = await triageReport(harness.deps, 'malicious')(securityTap({ reportId }, from).context, {
      reportId,
    });

    expect(result).toEqual({
      error: {
        status: 403,
        code: 'not_authorized',
        message: 'Nur Mitglieder des Sicherheitsteams können Meldungen bewerten.',
      },
    });
  });

  it('queues the reporter\u2019s feedback as a Message, said in German for a German reader', async () => {
    const harness = handlerDeps({ profile: germanTeam });
    const reportId = await reportedByAlice(harness);

    await triageReport(harness.deps, 'benign')(securityTap({ reportId }).context, { reportId });

    const [notice] = await harness.notifications();
    expect(notice).toMatchObject({ kind: 'user-message', text: { key: 'report.feedback.benign' } });
    const text = (notice as { text: Message }).text;
    expect(translatorFor({}, 'de-DE').text(text)).toBe(
      `Danke, dass Sie ${DUMMY_SENDER.displayName} (${DUMMY_SENDER.upn}) gemeldet haben. Das Sicherheitsteam hat es geprüft: ` +
        'Dieser Kontakt war sicher, Sie können normal weitermachen. Melden Sie weiterhin alles, was Ihnen seltsam vorkommt.',
    );
    expect(translatorFor({}, 'zh-CN').text(text)).toMatch(/^Thanks for reporting /);
  });
});
