import { ACKNOWLEDGE_SENDER_VERB } from '../../../cards/first-contact-warning';
import { translatorFor } from '../../../src/i18n/translations';
import { dummyActivity, type FixtureName } from '../../support/activities';
import { startBotWithConnector, type BotHarness } from '../../support/bot-harness';
import type { FakeConnector } from '../../support/fake-connector';
import { ALICE, BOB, from } from '../../support/guard-flows';
import type { TestBot } from '../../support/test-bot';

type Json = Record<string, unknown>;

/** The apology in English, the language of these tests' activities. */
const TURN_FAILED_APOLOGY = translatorFor({}, 'en-US').t('common.turnFailed');

/** Makes `target[method]` throw once, as a store whose server just went away would. */
const failOnce = <T extends object>(target: T, method: keyof T & string): void => {
  const original = target[method] as (...args: unknown[]) => unknown;
  (target as Record<string, unknown>)[method] = async () => {
    (target as Record<string, unknown>)[method] = original;
    throw new Error(`${method} failed: connection lost`);
  };
};

let ids = 0;

/**
 * A handler's exception, of any activity kind, ends in the adapter's turn-error handler
 * (bot/adapter.ts): logged with the activity's ID and counted, an apology where someone
 * waits for an answer (a message, an install) or an error invoke response (a card tap),
 * the HTTP answer as usual, and the next turn served as if nothing happened.
 */
describe('a handler exception', () => {
  let harness: BotHarness;
  let bot: TestBot;
  let connector: FakeConnector;

  beforeAll(async () => {
    harness = await startBotWithConnector({}, { install: ['user'] });
    ({ bot, connector } = harness);
  });

  afterAll(async () => {
    await harness.stop();
  });

  /** Alice's activity of `fixture`, with an ID of its own so its log line can be found. */
  const aliceActivity = (fixture: FixtureName, overrides: Json = {}, replace: Json = {}) => {
    const id = `turn-error-${++ids}`;
    return {
      id,
      body: { ...dummyActivity(fixture, { serviceUrl: connector.serviceUrl, ...overrides }), id, ...replace },
    };
  };
  const failedTurns = async (): Promise<number> =>
    Number(
      /hg_turns_failed_total\{reason="error"\} (\d+)/.exec(
        await (await fetch(`${bot.url}/metrics`)).text(),
      )?.[1] ?? 0,
    );
  /** Bob says `help` and is answered: every reply the failed turn could send is in by then, and the bot serves. */
  const nextTurnServed = async (): Promise<void> => {
    const before = connector.accepted().length;
    const res = await bot.post(
      '/api/messages',
      dummyActivity('message.personal.text', {
        serviceUrl: connector.serviceUrl,
        text: 'help',
        ...from(BOB),
      }),
    );
    expect(res.status).toBe(200);
    await connector.waitForActivities(before + 1);
  };
  const toAlice = (since: number) =>
    connector.calls.slice(since).filter((call) => call.conversationId === ALICE.conversationId);

  type Answer = 'an apology in the chat' | 'an error invoke response' | 'no message';
  const kinds: Array<[string, Answer, FixtureName, Json, Json]> = [
    ['a message', 'an apology in the chat', 'message.personal.text', { text: 'tips' }, {}],
    ['an install', 'an apology in the chat', 'installation-update.personal.add', {}, {}],
    ['the bot added to the chat', 'an apology in the chat', 'conversation-update.personal.bot-added', {}, {}],
    ['a card tap', 'an error invoke response', 'invoke.adaptive-card-action.personal', {}, {}],
    [
      'task/fetch',
      'an error invoke response',
      'invoke.adaptive-card-action.personal',
      { name: 'task/fetch' },
      { value: {} },
    ],
    [
      'composeExtension/query',
      'an error invoke response',
      'invoke.adaptive-card-action.personal',
      { name: 'composeExtension/query' },
      { value: {} },
    ],
    [
      'a reaction',
      'no message',
      'message.personal.text',
      { type: 'messageReaction' },
      { reactionsAdded: [{ type: 'like' }] },
    ],
    ['typing', 'no message', 'message.personal.text', { type: 'typing' }, { text: undefined }],
    [
      'an event',
      'no message',
      'message.personal.text',
      { type: 'event', name: 'application/vnd.microsoft.readReceipt' },
      {},
    ],
    ['a message edit', 'no message', 'message.personal.text', { type: 'messageUpdate' }, {}],
    ['a message delete', 'no message', 'message.personal.text', { type: 'messageDelete' }, {}],
    [
      'an uninstall (the chat is gone)',
      'no message',
      'installation-update.personal.add',
      { action: 'remove' },
      {},
    ],
    ['an unknown kind', 'no message', 'message.personal.text', { type: 'somethingNew' }, {}],
  ];

  it.each(kinds)(
    'in the turn of %s (turn state unreadable): %s, logged with its ID, and the next turn served',
    async (_what, answer, fixture, overrides, replace) => {
      const { id, body } = aliceActivity(fixture, overrides, replace);
      const [calls, failed] = [connector.calls.length, await failedTurns()];
      failOnce(bot.stores.turnState, 'read');

      const res = await bot.post('/api/messages', body);

      expect(res.status).toBe(200);
      const text = await res.text();
      if (answer === 'an error invoke response')
        expect(JSON.parse(text)).toEqual({
          statusCode: 500,
          type: 'application/vnd.microsoft.error',
          value: { code: 'internal_error', message: TURN_FAILED_APOLOGY },
        });
      else expect(text).toBe('');
      await nextTurnServed();
      expect(toAlice(calls).map((call) => call.body.text)).toEqual(
        answer === 'an apology in the chat' ? [TURN_FAILED_APOLOGY] : [],
      );
      expect(bot.logs.filter((line) => line.msg === 'turn failed' && line.activityId === id)).toEqual([
        expect.objectContaining({
          err: expect.objectContaining({ message: 'read failed: connection lost' }),
        }),
      ]);
      expect(await failedTurns()).toBe(failed + 1);
    },
  );

  it("apologises in the user's language", async () => {
    const { body } = aliceActivity('message.personal.text', {
      text: 'report',
      attachments: [],
      locale: 'de-DE',
    });
    const calls = connector.calls.length;
    failOnce(bot.stores.firstContacts, 'recent');

    expect((await bot.post('/api/messages', body)).status).toBe(200);

    await nextTurnServed();
    const german = translatorFor({}, 'de-DE').t('common.turnFailed');
    expect(german).not.toBe(TURN_FAILED_APOLOGY);
    expect(toAlice(calls).map((call) => call.body.text)).toEqual([german]);
  });

  it('inside a command handler (the first-contact log for `report`): an apology in the chat', async () => {
    const { id, body } = aliceActivity('message.personal.text', { text: 'report', attachments: [] });
    const calls = connector.calls.length;
    failOnce(bot.stores.firstContacts, 'recent');

    expect((await bot.post('/api/messages', body)).status).toBe(200);

    await nextTurnServed();
    expect(toAlice(calls).map((call) => call.body.text)).toEqual([TURN_FAILED_APOLOGY]);
    expect(bot.logs.some((line) => line.msg === 'turn failed' && line.activityId === id)).toBe(true);
  });

  it('inside a card action (the first-contact log for "I know this person"): an error on the card', async () => {
    const { id, body } = aliceActivity(
      'invoke.adaptive-card-action.personal',
      {},
      {
        value: {
          action: {
            type: 'Action.Execute',
            verb: ACKNOWLEDGE_SENDER_VERB,
            data: { chatThreadId: '19:a_b@unq.gbl.spaces' },
          },
        },
      },
    );
    failOnce(bot.stores.firstContacts, 'get');

    const res = await bot.post('/api/messages', body);

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(
      expect.objectContaining({
        statusCode: 500,
        value: expect.objectContaining({ code: 'internal_error' }),
      }),
    );
    expect(bot.logs.some((line) => line.msg === 'card action failed' && line.activityId === id)).toBe(true);
    await nextTurnServed();
  });

  it('in the welcome (the dedupe store on install): an apology in the chat', async () => {
    const calls = connector.calls.length;
    failOnce(bot.stores.dedupe, 'claim');

    await bot.post('/api/messages', aliceActivity('installation-update.personal.add').body);
    await nextTurnServed();

    expect(toAlice(calls).map((call) => call.body.text)).toEqual([TURN_FAILED_APOLOGY]);
  });
});
