import { nextTipAction, showTip } from '../../../../bot/handlers/tips';
import { tipCardWithPicture } from '../../../../cards/tip';
import { TIP_NEXT_VERB } from '../../../../cards/tip-verbs';
import { DEFAULT_PROFILE } from '../../../../src/config/helpdesk-profile';
import { DEFAULT_LESSONS, lessonText } from '../../../../src/education/tips';
import { translatorFor } from '../../../../src/i18n/translations';
import { cardActions, cardOf, cardTexts } from '../support/card-content';
import { DUMMY_BOB_ID, handlerDeps } from '../support/handler-deps';
import { dummyCardTap, dummyMessage, fakeTurn, fromNobody, fromUser } from '../support/handler-turn';

const EN = translatorFor(DEFAULT_PROFILE, 'en');
const DEFAULT_TIPS = DEFAULT_LESSONS.map((lesson) => lessonText(lesson, EN));

const ask = async (deps: ReturnType<typeof handlerDeps>['deps'], overrides: Record<string, unknown> = {}) => {
  const turn = fakeTurn(dummyMessage('tips', overrides));
  await showTip(deps)(turn.context);
  return turn;
};

describe('showTip (`tips`)', () => {
  it('sends the first tip first, with its number, and a button for the next', async () => {
    const { deps } = handlerDeps();

    const turn = await ask(deps);

    expect(turn.cards()).toEqual([
      {
        card: tipCardWithPicture(
          EN,
          DEFAULT_PROFILE,
          { number: 1, total: DEFAULT_TIPS.length },
          DEFAULT_LESSONS[0],
        ),
        summary: 'Tip 1 of 8',
      },
    ]);
    expect(cardActions(turn.cards()[0].card)).toEqual([
      expect.objectContaining({ type: 'Action.Execute', title: 'Next tip', verb: TIP_NEXT_VERB }),
    ]);
  });

  it('turns the card into the next tip on "Next tip", in the same rotation as typing `tips`', async () => {
    const { deps } = handlerDeps();
    await ask(deps);

    const result = await nextTipAction(deps)(fakeTurn(dummyCardTap(TIP_NEXT_VERB, {})).context);

    expect(cardTexts(cardOf(result))[0]).toBe(`Tip 2 of ${DEFAULT_TIPS.length}`);
    expect(cardTexts(cardOf(result))[1]).toBe(DEFAULT_TIPS[1]);
    expect(cardTexts((await ask(deps)).cards()[0].card)[0]).toBe(`Tip 3 of ${DEFAULT_TIPS.length}`);
  });

  it('sends the next tip each time, and starts over after the last', async () => {
    const { deps } = handlerDeps();

    const seen: string[] = [];
    for (let i = 0; i <= DEFAULT_TIPS.length; i += 1)
      seen.push(cardTexts((await ask(deps)).cards()[0].card)[1]);

    expect(seen).toEqual([...DEFAULT_TIPS, DEFAULT_TIPS[0]]);
  });

  it('keeps a rotation per user', async () => {
    const { deps } = handlerDeps();
    await ask(deps);
    await ask(deps);

    const bob = await ask(deps, fromUser(DUMMY_BOB_ID, 'Bob'));

    expect(bob.cards()[0].summary).toBe('Tip 1 of 8');
  });

  it("rotates through the profile's own tips", async () => {
    const { deps } = handlerDeps({
      profile: { ...DEFAULT_PROFILE, tips: ['Call 4444 for IT.', 'IT never asks for your password.'] },
    });

    await ask(deps);
    const second = await ask(deps);

    expect(second.cards()).toEqual([
      {
        card: tipCardWithPicture(
          EN,
          DEFAULT_PROFILE,
          { number: 2, total: 2 },
          { text: 'IT never asks for your password.' },
        ),
        summary: 'Tip 2 of 2',
      },
    ]);
  });

  it('still answers a message with no Entra user behind it, rotating by its Teams ID', async () => {
    const { deps } = handlerDeps();

    await ask(deps, fromNobody);
    const second = await ask(deps, fromNobody);

    expect(second.cards()[0].summary).toBe('Tip 2 of 8');
  });

  it('keeps a rotation per Teams ID for messages with no Entra user behind them', async () => {
    const { deps } = handlerDeps();
    await ask(deps, fromNobody);

    const other = await ask(deps, { from: { id: '29:1anotherAnonymousUser', aadObjectId: undefined } });

    expect(other.cards()[0].summary).toBe('Tip 1 of 8');
  });

  it("speaks the user's language: the catalogue's lessons, the profile's own where it gave one", async () => {
    const { deps } = handlerDeps({
      profile: {
        ...DEFAULT_PROFILE,
        tips: [
          { en: 'Call 4444 for IT.', de: 'Rufen Sie für die IT die 4444 an.' },
          'IT never asks for your password.',
        ],
      },
    });

    const first = await ask(deps, { locale: 'de-DE' });
    const second = await ask(deps, { locale: 'de-DE' });

    expect(first.cards()[0].summary).toBe('Tipp 1 von 2');
    expect(cardTexts(first.cards()[0].card)).toContain('Rufen Sie für die IT die 4444 an.');
    expect(cardTexts(second.cards()[0].card)).toContain('IT never asks for your password.');
    expect(cardActions(second.cards()[0].card)[0]).not.toEqual(
      expect.objectContaining({ title: 'Next tip' }),
    );

    const { deps: defaults } = handlerDeps();
    const german = await ask(defaults, { locale: 'de-DE' });
    expect(cardTexts(german.cards()[0].card)[1]).toBe(
      translatorFor(DEFAULT_PROFILE, 'de').t('welcome.defaultTips.externalLabel'),
    );
    expect(cardTexts(german.cards()[0].card)[1]).not.toBe(DEFAULT_TIPS[0]);
  });
});
