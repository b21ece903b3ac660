import { answerUnknownText } from '../../../../bot/handlers/unknown-text';
import { DEFAULT_PROFILE } from '../../../../src/config/helpdesk-profile';
import { dummyMessage, fakeTurn } from '../support/handler-turn';

const COMMANDS =
  'Try **help** (how our helpdesk contacts you), **tips** (one short lesson), **quiz** (test yourself), ' +
  '**verify CODE** (check a caller) or **report** (report a suspicious chat).';

const answer = async (activity: Record<string, unknown>) => {
  const turn = fakeTurn(activity);
  await answerUnknownText({ profile: DEFAULT_PROFILE })(turn.context);
  return turn;
};

describe('answerUnknownText (anything no other route took)', () => {
  it('says what it did not understand and lists the commands', async () => {
    const turn = await answer(dummyMessage('  hello there '));

    expect(turn.texts()).toEqual([`I don't know "hello there". ${COMMANDS}`]);
  });

  it('quotes at most 40 characters of a long message', async () => {
    const text = 'please can you reset my password for me right now, it is urgent';

    const turn = await answer(dummyMessage(text));

    expect(turn.texts()).toEqual([`I don't know "${text.slice(0, 40)}…". ${COMMANDS}`]);
  });

  it('quotes a message of exactly 40 characters whole', async () => {
    const text = 'x'.repeat(40);

    const turn = await answer(dummyMessage(text));

    expect(turn.texts()).toEqual([`I don't know "${text}". ${COMMANDS}`]);
  });

  it.each([
    ['a message with no text (an image, a card submit)', { ...dummyMessage(''), text: undefined }],
    ['a message of spaces only', dummyMessage('   ')],
    ['an empty message', dummyMessage('')],
  ])('says it only reads text for %s', async (_what, activity) => {
    const turn = await answer(activity);

    expect(turn.texts()).toEqual([`I can only read text messages. ${COMMANDS}`]);
  });

  it('answers in the same conversation, once', async () => {
    const activity = dummyMessage('hi');

    const turn = await answer(activity);

    expect(turn.sent).toHaveLength(1);
    expect(turn.sent[0].conversation?.id).toBe((activity.conversation as { id: string }).id);
  });

  it("answers in the user's language, keeping the commands to type", async () => {
    const turn = await answer(dummyMessage('hallo', { locale: 'de-DE' }));

    const [text] = turn.texts();
    expect(text).toMatch(/^„hallo“ kenne ich nicht\./);
    expect(text).toContain('**verify CODE**');
    expect(text).not.toContain('Try **help**');
  });
});
