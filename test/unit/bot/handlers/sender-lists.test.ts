import {
  addSenderListEntry,
  removeSenderListEntry,
  senderListText,
  triageBenignOrganisation,
} from '../../../../bot/handlers/sender-lists';
import {
  REPORT_BENIGN_ORGANISATION_VERB,
  SENDER_LIST_ADD_VERB,
  SENDER_LIST_REMOVE_VERB,
} from '../../../../cards/sender-list-verbs';
import { DEFAULT_PROFILE } from '../../../../src/config/helpdesk-profile';
import { translatorFor } from '../../../../src/i18n/translations';
import { createReportService } from '../../../../src/reports/report-service';
import { createStaticSecurityTeam } from '../../../../src/reports/security-team';
import { createSenderLists, DAYS_REFUSAL } from '../../../../src/verdicts';
import {
  DUMMY_HOME_TENANT,
  DUMMY_OTHER_TENANT,
  DUMMY_USER_ID,
  deepMerge,
  dummyActivity,
} from '../../../support/activities';
import { cardActions, cardOf, cardTexts } from '../support/card-content';
import {
  DUMMY_ANALYST_ID,
  DUMMY_SENDER,
  DUMMY_WARNED_CHAT,
  handlerDeps,
  logFirstContact,
  type HandlerHarness,
} from '../support/handler-deps';
import { dummyCardTap, dummyMessage, fakeTurn, fromNobody, fromUser } from '../support/handler-turn';

const ANA = fromUser(DUMMY_ANALYST_ID, 'Ana Analyst');
const en = translatorFor({}, 'en');
const UNKNOWN_USER_TEXT = en.t('common.unknownUser');
const NOT_AUTHORIZED_TEXT = 'Only members of the security team can see or change the sender lists.';

/** Ana types `text` in her 1:1 chat (or `from` does); returns what the bot answered. */
const typed = async (harness: HandlerHarness, text: string, from: Record<string, unknown> = ANA) => {
  const turn = fakeTurn(dummyMessage(text, from));
  await senderListText(harness.deps)(turn.context);
  return turn;
};

const tap = (
  handler: ReturnType<typeof removeSenderListEntry>,
  verb: string,
  data: Record<string, unknown>,
  from = ANA,
) => handler(fakeTurn(dummyCardTap(verb, data, from)).context, data);

const stored = async (harness: HandlerHarness, list: 'block' | 'allow') =>
  (await harness.stores.senderLists.list(list, Date.now(), 50)).entries.map((e) => [e.kind, e.value]);

describe('blocklist / allowlist commands', () => {
  it('adds a domain for 30 days with a reason, says until when, and emits SenderListChanged', async () => {
    const harness = handlerDeps();

    const turn = await typed(harness, 'blocklist add Fabrikam-Support.example 30 vishing wave');

    expect(turn.texts()).toEqual([
      expect.stringMatching(
        /^Added fabrikam-support\.example \(domain\) to the blocklist, until \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/,
      ),
    ]);
    expect(await stored(harness, 'block')).toEqual([['domain', 'fabrikam-support.example']]);
    expect(harness.events.ofType('SenderListChanged')).toEqual([
      expect.objectContaining({
        Details: expect.objectContaining({
          action: 'added',
          list: 'block',
          reason: 'vishing wave',
          byObjectId: DUMMY_ANALYST_ID,
          byName: 'Ana Analyst',
        }),
      }),
    ]);
  });

  it('shows the list as a card, newest first, each entry with a Remove', async () => {
    const harness = handlerDeps();
    await typed(harness, `blocklist add ${DUMMY_OTHER_TENANT}`);
    await typed(harness, 'blocklist add it.helpdesk@support-desk.onmicrosoft.com');

    const turn = await typed(harness, 'blocklist');

    const [{ card, summary }] = turn.cards();
    expect(summary).toBe('blocklist');
    expect(cardTexts(card)).toEqual(
      expect.arrayContaining(['Blocklist', 'it.helpdesk@support-desk.onmicrosoft.com', DUMMY_OTHER_TENANT]),
    );
    expect(
      cardActions(card)
        .filter((a) => a.verb === SENDER_LIST_REMOVE_VERB)
        .map((a) => a.data),
    ).toEqual([
      { list: 'block', kind: 'sender', value: 'it.helpdesk@support-desk.onmicrosoft.com' },
      { list: 'block', kind: 'tenant', value: DUMMY_OTHER_TENANT },
    ]);
  });

  it('moves a value from the blocklist to the allowlist and says so', async () => {
    const harness = handlerDeps();
    await typed(harness, 'blocklist add partner.example');

    const turn = await typed(harness, 'allowlist add partner.example');

    expect(turn.texts()).toEqual([
      'Added partner.example (domain) to the allowlist, with no expiry; it is no longer on the blocklist.',
    ]);
    expect(await stored(harness, 'block')).toEqual([]);
    expect(await stored(harness, 'allow')).toEqual([['domain', 'partner.example']]);
  });

  it('removes a value, and says when it is not on that list', async () => {
    const harness = handlerDeps();
    await typed(harness, 'blocklist add partner.example');

    expect((await typed(harness, 'allowlist remove partner.example')).texts()).toEqual([
      'partner.example (domain) is not on the allowlist.',
    ]);
    expect((await typed(harness, 'blocklist remove PARTNER.example')).texts()).toEqual([
      'Removed partner.example (domain) from the blocklist.',
    ]);
    expect(await stored(harness, 'block')).toEqual([]);
  });

  it.each([
    [
      'a value that is no UPN, tenant ID or domain',
      'blocklist add fabrikam',
      /is not a UPN \(it@fabrikam.com\)/,
    ],
    [
      'a shared mail domain',
      'allowlist add gmail.com',
      /shared by many unrelated people: list the sender's UPN instead/,
    ],
    ['the home tenant', `blocklist add ${DUMMY_HOME_TENANT}`, /your own tenant/],
    ['a home domain', 'allowlist add contoso.com', /your own organisation's domain/],
    ['days out of range', 'blocklist add fabrikam.example 0', en.text(DAYS_REFUSAL)],
    ['a missing value', 'blocklist add', /Say what to add/],
    ['an unknown sub-command', 'blocklist purge', /Type "blocklist" to see it/],
  ])('refuses %s with a clear message and changes nothing', async (_what, text, message) => {
    const harness = handlerDeps();

    const turn = await typed(harness, text);

    expect(turn.texts()).toEqual([expect.stringMatching(message)]);
    expect(await stored(harness, 'block')).toEqual([]);
    expect(await stored(harness, 'allow')).toEqual([]);
    expect(harness.events.ofType('SenderListChanged')).toEqual([]);
  });

  it.each([
    ['blocklist'],
    ['allowlist add fabrikam.example'],
    ['blocklist remove fabrikam.example'],
    ['blocklist add fabrikam.example 0'],
  ])('refuses "%s" to a user not on the security team, telling them nothing else', async (text) => {
    const harness = handlerDeps();

    const turn = await typed(harness, text, fromUser(DUMMY_USER_ID, 'Alice Example'));

    expect(turn.texts()).toEqual([NOT_AUTHORIZED_TEXT]);
    expect(turn.cards()).toEqual([]);
    expect(harness.events.ofType('SenderListChanged')).toEqual([]);
  });

  it('refuses a security team member outside the 1:1 chat: the lists are not for a channel', async () => {
    const harness = handlerDeps();
    const channel = dummyActivity('message.channel.mention', { ...ANA, text: 'blocklist' });
    const turn = fakeTurn(channel);

    await senderListText(harness.deps)(turn.context);

    expect(turn.texts()).toEqual([expect.stringMatching(/use them in your 1:1 chat with me/)]);
  });

  it('answers an activity with no Entra user behind it', async () => {
    const harness = handlerDeps();

    expect((await typed(harness, 'blocklist', fromNobody)).texts()).toEqual([UNKNOWN_USER_TEXT]);
  });
});

describe('sender list card actions', () => {
  it('"Remove" removes the entry and answers with the list refreshed, saying what it did', async () => {
    const harness = handlerDeps();
    await typed(harness, 'blocklist add fabrikam.example');
    await typed(harness, 'blocklist add northwind.example');

    const result = await tap(removeSenderListEntry(harness.deps), SENDER_LIST_REMOVE_VERB, {
      list: 'block',
      kind: 'domain',
      value: 'fabrikam.example',
    });

    const texts = cardTexts(cardOf(result));
    expect(texts).toContain('Removed fabrikam.example (domain) from the blocklist.');
    expect(texts).toContain('northwind.example');
    expect(texts).not.toContain('fabrikam.example');
    expect(harness.events.ofType('SenderListChanged').at(-1)?.Details).toMatchObject({ action: 'removed' });
  });

  it('"Remove" of an entry already gone answers with the list as it is now', async () => {
    const harness = handlerDeps();

    const result = await tap(removeSenderListEntry(harness.deps), SENDER_LIST_REMOVE_VERB, {
      list: 'allow',
      kind: 'sender',
      value: 'gone@fabrikam.example',
    });

    expect(cardTexts(cardOf(result))).toEqual(
      expect.arrayContaining([
        'gone@fabrikam.example (sender) is not on the allowlist.',
        'Nothing is on the allowlist.',
      ]),
    );
  });

  it.each([
    ['no list', { kind: 'domain', value: 'fabrikam.example' }],
    ['an unknown list', { list: 'deny', kind: 'domain', value: 'fabrikam.example' }],
    ['an unknown kind', { list: 'block', kind: 'ip', value: '10.0.0.1' }],
    ['no value', { list: 'block', kind: 'domain' }],
  ])('"Remove" with %s answers 400', async (_what, data) => {
    const harness = handlerDeps();

    const result = await tap(removeSenderListEntry(harness.deps), SENDER_LIST_REMOVE_VERB, data);

    expect(result).toEqual({
      error: { status: 400, code: 'body_invalid', message: 'This card does not name a list entry.' },
    });
  });

  it.each([
    [
      '"Remove"',
      removeSenderListEntry,
      SENDER_LIST_REMOVE_VERB,
      { list: 'block', kind: 'domain', value: 'fabrikam.example' },
    ],
    ['"Add"', addSenderListEntry, SENDER_LIST_ADD_VERB, { list: 'block', value: 'fabrikam.example' }],
  ])(
    '%s by a user not on the security team answers 403 and changes nothing',
    async (_what, handler, verb, data) => {
      const harness = handlerDeps();
      await typed(harness, 'blocklist add fabrikam.example');

      const result = await tap(handler(harness.deps), verb, data, fromUser(DUMMY_USER_ID, 'Alice Example'));

      expect(result).toEqual({
        error: { status: 403, code: 'not_authorized', message: NOT_AUTHORIZED_TEXT },
      });
      expect(await stored(harness, 'block')).toEqual([['domain', 'fabrikam.example']]);
    },
  );

  it('"Add" adds the card\u2019s inputs and answers with the list refreshed', async () => {
    const harness = handlerDeps();

    const result = await tap(addSenderListEntry(harness.deps), SENDER_LIST_ADD_VERB, {
      list: 'allow',
      value: 'partner.example',
      days: '90',
      reason: 'our outsourced service desk',
    });

    const texts = cardTexts(cardOf(result));
    expect(texts).toContainEqual(
      expect.stringMatching(/^Added partner\.example \(domain\) to the allowlist, until /),
    );
    expect(texts).toContain('our outsourced service desk');
    const [entry] = (await harness.stores.senderLists.list('allow', Date.now(), 10)).entries;
    expect(entry.expiresAt).toBe(entry.addedAt + 90 * 24 * 60 * 60_000);
  });

  it.each([
    ['a bad value', { list: 'block', value: 'not a domain' }, /is not a UPN/],
    ['bad days', { list: 'block', value: 'fabrikam.example', days: '-1' }, /^Days must be a whole number/],
  ])('"Add" with %s answers with the card and the refusal, adding nothing', async (_what, data, message) => {
    const harness = handlerDeps();

    const result = await tap(addSenderListEntry(harness.deps), SENDER_LIST_ADD_VERB, data);

    expect(cardTexts(cardOf(result))).toContainEqual(expect.stringMatching(message));
    expect(await stored(harness, 'block')).toEqual([]);
  });
});

describe('"Benign — trust the whole organisation" on the security card', () => {
  /** The real services, with the report service teaching the lists (as bot/services.ts must wire it). */
  const taught = () =>
    handlerDeps({
      overrides: (services) => ({
        reports: createReportService({
          reports: services.stores.reports,
          firstContacts: services.stores.firstContacts,
          events: services.events,
          securityTeam: createStaticSecurityTeam({ ids: [DUMMY_ANALYST_ID], tenantId: DUMMY_HOME_TENANT }),
          log: services.log,
          senderLists: createSenderLists({
            store: services.stores.senderLists,
            events: services.events,
            log: services.log,
          }),
        }),
      }),
    });

  const reported = async (harness: HandlerHarness): Promise<string> => {
    await logFirstContact(harness.stores);
    const result = await harness.deps.reports.reportChat({
      tenantId: DUMMY_HOME_TENANT,
      reporter: { aadObjectId: DUMMY_USER_ID, name: 'Alice Example' },
      chatThreadId: DUMMY_WARNED_CHAT,
      source: 'warning-card',
    });
    if (!result.ok) throw new Error(`setup: ${result.message}`);
    await harness.notifications();
    return result.reportId;
  };

  it('triages benign and allows the sender, its tenant and its domain', async () => {
    const harness = taught();
    const reportId = await reported(harness);

    const result = await tap(triageBenignOrganisation(harness.deps), REPORT_BENIGN_ORGANISATION_VERB, {
      reportId,
    });

    expect(cardTexts(cardOf(result))).toContainEqual(expect.stringMatching(/^Benign, by Ana Analyst at /));
    expect((await stored(harness, 'allow')).sort()).toEqual(
      [
        ['domain', 'support-desk.onmicrosoft.com'],
        ['sender', DUMMY_SENDER.upn],
        ['tenant', DUMMY_OTHER_TENANT],
      ].sort(),
    );
    expect(harness.events.ofType('ReportTriaged')[0].Details).toMatchObject({
      decision: 'benign',
      benignScope: 'organisation',
    });
    expect(await harness.notifications()).toEqual([expect.objectContaining({ kind: 'user-message' })]);
  });

  it('is refused to a user not on the security team like any triage', async () => {
    const harness = taught();
    const reportId = await reported(harness);

    const result = await tap(
      triageBenignOrganisation(harness.deps),
      REPORT_BENIGN_ORGANISATION_VERB,
      { reportId },
      fromUser(DUMMY_USER_ID, 'Alice Example'),
    );

    expect(result).toMatchObject({ error: { status: 403, code: 'not_authorized' } });
    expect(await stored(harness, 'allow')).toEqual([]);
  });
});

describe('sender lists in the analyst’s language', () => {
  const inGerman = deepMerge(ANA, { locale: 'de-DE' });

  it('answers a typed command in German', async () => {
    const harness = handlerDeps();

    const added = await typed(harness, 'blocklist add Fabrikam-Support.example', inGerman);
    const missing = await typed(harness, 'allowlist remove fabrikam.example', inGerman);
    const usage = await typed(harness, 'blocklist purge', inGerman);

    expect(added.texts()).toEqual([
      'fabrikam-support.example (Domäne) wurde ohne Ablaufdatum zur Sperrliste hinzugefügt.',
    ]);
    expect(missing.texts()).toEqual(['fabrikam.example (Domäne) steht nicht auf der Zulassungsliste.']);
    expect(usage.texts()).toEqual([expect.stringMatching(/^Geben Sie „blocklist“ ein, um sie anzuzeigen/)]);
  });

  it('shows the list card in German', async () => {
    const harness = handlerDeps();
    await typed(harness, 'blocklist add fabrikam.example', inGerman);

    const turn = await typed(harness, 'blocklist', inGerman);
    const [shown] = turn.cards();
    const texts = cardTexts(shown.card);

    expect(shown.summary).toBe('Sperrliste');
    expect(texts[0]).toBe('Sperrliste');
    expect(texts.join('\n')).not.toMatch(/newest first|added by|Blocklist/);
  });

  it('refuses a card tap in German', async () => {
    const harness = handlerDeps();

    const result = await tap(removeSenderListEntry(harness.deps), SENDER_LIST_REMOVE_VERB, {}, inGerman);

    expect(result).toEqual({
      error: expect.objectContaining({ status: 400, message: 'Diese Karte nennt keinen Listeneintrag.' }),
    });
  });

  it('answers in English for a language it has no catalogue for', async () => {
    const harness = handlerDeps();

    const turn = await typed(harness, 'blocklist add gmail.com', deepMerge(ANA, { locale: 'zh-CN' }));

    expect(turn.texts()).toEqual([
      "gmail.com is a mail service shared by many unrelated people: list the sender's UPN instead.",
    ]);
  });

  it('says a profile’s own wording', async () => {
    const harness = handlerDeps({
      profile: {
        ...DEFAULT_PROFILE,
        messages: { de: { 'security.lists.notPersonal': 'Bitte im 1:1-Chat mit dem Bot.' } },
      },
    });
    const inChannel = dummyActivity('message.channel.mention');

    const turn = await typed(
      harness,
      'blocklist',
      deepMerge(inGerman, { conversation: inChannel.conversation, channelData: inChannel.channelData }),
    );

    expect(turn.texts()).toEqual(['Bitte im 1:1-Chat mit dem Bot.']);
  });
});
