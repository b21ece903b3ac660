import { sendWelcome, welcomeOnInstall } from '../../../../bot/handlers/welcome';
import { QUIZ_START_VERB } from '../../../../cards/quiz-verbs';
import { welcomeCardWithPictures } from '../../../../cards/welcome';
import { DEFAULT_PROFILE, type HelpdeskProfile } from '../../../../src/config/helpdesk-profile';
import { translatorFor } from '../../../../src/i18n/translations';
import { dummyActivity } from '../../../support/activities';
import { cardTexts } from '../support/card-content';
import { DUMMY_BOB_ID, handlerDeps } from '../support/handler-deps';
import { dummyMessage, fakeTurn, fromNobody, fromUser } from '../support/handler-turn';

const FABRIKAM: HelpdeskProfile = {
  ...DEFAULT_PROFILE,
  orgName: 'Fabrikam',
  helpdeskName: 'Fabrikam Service Desk',
  displayNames: ['Fabrikam Service Desk', 'Fabrikam IT'],
  internalDomains: ['fabrikam.com', 'fabrikam.de'],
  phoneNumbers: [],
  portalUrl: undefined,
};

const BOT_ADDED = dummyActivity('conversation-update.personal.bot-added');
const INSTALLED = dummyActivity('installation-update.personal.add');

describe('sendWelcome (`help`)', () => {
  it("speaks the user's language, the example profile's own sentences too, and offers the quiz", async () => {
    const { deps } = handlerDeps();
    const turn = fakeTurn(dummyMessage('help', { locale: 'de-DE' }));

    await sendWelcome(deps)(turn.context);

    const [sent] = turn.cards();
    expect(sent?.summary).toBe('Helpdesk Guard: Ist das wirklich Contoso IT Service Desk?');
    const texts = cardTexts(sent?.card).join('\n');
    expect(texts).toContain('Contoso IT Service Desk kontaktiert Sie nie');
    expect(texts).toContain(translatorFor(DEFAULT_PROFILE, 'de').t('welcome.exampleProfile.portalTicket'));
    expect(texts).not.toContain('A ticket in the IT portal');
    expect(texts).not.toContain('How to spot an external chat');
    expect(sent?.card.actions).toEqual([
      expect.objectContaining({ type: 'Action.Execute', verb: QUIZ_START_VERB }),
      expect.objectContaining({ type: 'Action.Submit' }),
    ]);
  });

  it('falls back to English for a language it does not ship', async () => {
    const { deps } = handlerDeps();
    const turn = fakeTurn(dummyMessage('help', { locale: 'zh-CN' }));

    await sendWelcome(deps)(turn.context);

    expect(turn.cards()[0]?.card).toEqual(
      welcomeCardWithPictures(translatorFor(DEFAULT_PROFILE, 'en'), DEFAULT_PROFILE),
    );
  });

  it('sends the welcome card of the profile, with its summary', async () => {
    const { deps } = handlerDeps();
    const turn = fakeTurn(dummyMessage('help'));

    await sendWelcome(deps)(turn.context);

    expect(turn.cards()).toEqual([
      {
        card: welcomeCardWithPictures(translatorFor(DEFAULT_PROFILE, 'en'), DEFAULT_PROFILE),
        summary: 'Helpdesk Guard: is that really Contoso IT Service Desk?',
      },
    ]);
  });

  it("describes the organisation's own helpdesk: names, domains, and how to reach it", async () => {
    const { deps } = handlerDeps({ profile: FABRIKAM });
    const turn = fakeTurn(dummyMessage('help'));

    await sendWelcome(deps)(turn.context);

    const texts = cardTexts(turn.cards()[0].card);
    expect(texts[0]).toBe('Helpdesk Guard: is that really Fabrikam Service Desk?');
    expect(texts).toContain(
      'Genuine accounts end in @fabrikam.com or @fabrikam.de and are never marked External.',
    );
    expect(texts).toContain('Display names: Fabrikam Service Desk, Fabrikam IT');
    expect(texts).toContain('Phone: see the intranet');
    expect(texts.join('\n')).not.toContain('Contoso');
  });

  it('links its pictures from PUBLIC_BASE_URL when it is set', async () => {
    const { deps } = handlerDeps({ env: { PUBLIC_BASE_URL: 'https://guard.contoso.com' } });
    const turn = fakeTurn(dummyMessage('help'));

    await sendWelcome(deps)(turn.context);

    const images = JSON.stringify(turn.cards()[0].card).match(/"url":"[^"]*"/g);
    expect(images).toEqual([
      expect.stringMatching(/^"url":"https:\/\/guard\.contoso\.com\/media\/[0-9a-f]{32}\.png"$/),
      expect.stringMatching(/^"url":"https:\/\/guard\.contoso\.com\/media\/[0-9a-f]{32}\.png"$/),
    ]);
  });
});

describe('welcomeOnInstall', () => {
  it.each([
    ['the app installed in the personal scope', INSTALLED],
    ['the bot added to the personal chat', BOT_ADDED],
  ])('welcomes the user on %s', async (_what, activity) => {
    const { deps } = handlerDeps();
    const turn = fakeTurn(activity);

    await welcomeOnInstall(deps)(turn.context);

    expect(turn.cards().map((sent) => sent.card)).toEqual([
      welcomeCardWithPictures(translatorFor(DEFAULT_PROFILE, 'en'), DEFAULT_PROFILE),
    ]);
    expect(turn.sent[0].conversation?.id).toBe((activity.conversation as { id: string }).id);
  });

  it('welcomes once for the installationUpdate and conversationUpdate of one install', async () => {
    const { deps } = handlerDeps();
    const welcome = welcomeOnInstall(deps);
    const first = fakeTurn(INSTALLED);
    const second = fakeTurn(BOT_ADDED);

    await welcome(first.context);
    await welcome(second.context);

    expect(first.cards()).toHaveLength(1);
    expect(second.sent).toEqual([]);
  });

  it('welcomes each user of the tenant', async () => {
    const { deps } = handlerDeps();
    const welcome = welcomeOnInstall(deps);
    const bob = fakeTurn(
      dummyActivity('installation-update.personal.add', {
        ...fromUser(DUMMY_BOB_ID, 'Bob'),
        conversation: { id: 'a:1BobsPersonalChat' },
      }),
    );
    await welcome(fakeTurn(INSTALLED).context);

    await welcome(bob.context);

    expect(bob.cards()).toHaveLength(1);
  });

  it('welcomes an install with no Entra user behind it once per conversation', async () => {
    const { deps } = handlerDeps();
    const welcome = welcomeOnInstall(deps);
    const first = fakeTurn(dummyActivity('installation-update.personal.add', fromNobody));
    const second = fakeTurn(dummyActivity('conversation-update.personal.bot-added', fromNobody));

    await welcome(first.context);
    await welcome(second.context);

    expect(first.cards()).toHaveLength(1);
    expect(second.sent).toEqual([]);
  });

  it.each([
    ['the bot added to a team', dummyActivity('conversation-update.team.bot-added')],
    [
      'someone else added to the personal chat',
      dummyActivity('conversation-update.personal.bot-added', {
        membersAdded: [{ id: '29:1someoneElse' }],
      }),
    ],
  ])('stays silent for %s', async (_what, activity) => {
    const { deps } = handlerDeps();
    const turn = fakeTurn(activity);

    await welcomeOnInstall(deps)(turn.context);

    expect(turn.sent).toEqual([]);
  });

  it('does not use up the welcome on an activity it stays silent for', async () => {
    const { deps } = handlerDeps();
    const welcome = welcomeOnInstall(deps);
    await welcome(
      fakeTurn(
        dummyActivity('conversation-update.personal.bot-added', { membersAdded: [{ id: '29:1other' }] }),
      ).context,
    );
    const install = fakeTurn(INSTALLED);

    await welcome(install.context);

    expect(install.cards()).toHaveLength(1);
  });
});
