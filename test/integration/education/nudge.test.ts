import { ACKNOWLEDGE_SENDER_VERB } from '../../../cards/first-contact-warning';
import { NUDGE_JOBS } from '../../../src/education/nudges';
import { dummyActivity } from '../../support/activities';
import { startBotWithConnector, type BotHarness } from '../../support/bot-harness';
import { ALICE, BOB, from, guardFlows, type Person } from '../../support/guard-flows';
import { DUMMY_WEBHOOK_SECRET } from '../../support/signals';
import { waitFor } from '../../support/wait-for';

const ENV = { SIGNAL_WEBHOOK_SECRET: DUMMY_WEBHOOK_SECRET };

const DAY_AND_A_BIT = 25 * 3_600_000;

/** A warned user who taps nothing hears of the chat's trick a day later, once, in their language. */
describe('the nudge after an unanswered warning', () => {
  let harness: BotHarness;
  let flows: ReturnType<typeof guardFlows>;

  const installIn = async (who: Person, locale: string) => {
    const res = await harness.bot.post(
      '/api/messages',
      dummyActivity('installation-update.personal.add', {
        serviceUrl: harness.connector.serviceUrl,
        ...from(who),
        locale,
      }),
    );
    expect(res.status).toBe(200);
    await waitFor(`the welcome of ${who.name}`, () =>
      harness.connector.accepted().some((call) => call.conversationId === who.conversationId),
    );
  };

  const cardsTo = (who: Person) =>
    harness.connector.accepted().filter((call) => call.conversationId === who.conversationId);

  beforeEach(async () => {
    harness = await startBotWithConnector(ENV);
    flows = guardFlows(harness);
  });

  afterEach(async () => {
    await harness.stop();
  });

  it('comes a day later, in the language of the chat, on the trick of the warning, and only once', async () => {
    await installIn(ALICE, 'de-DE');
    const chatThreadId = await flows.warn(ALICE);
    const before = cardsTo(ALICE).length;

    expect(await harness.bot.forwardNudges(Date.now() + 60_000)).toBe(0);
    const [scheduled] = await harness.bot.stores.scheduled(NUDGE_JOBS).due(Date.now() + DAY_AND_A_BIT, 10);
    expect(await harness.bot.forwardNudges(Date.now() + DAY_AND_A_BIT)).toBe(1);

    const nudge = await waitFor('the nudge', () => cardsTo(ALICE)[before]);
    const text = JSON.stringify(nudge.body);
    expect(text).toContain('Eine Minute');
    expect(text).toContain(chatThreadId);
    expect(text).toContain('"altText"');
    expect(text).not.toContain('One minute on the chat');
    expect(await harness.bot.forwardNudges(Date.now() + DAY_AND_A_BIT)).toBe(0);
    // Handed on twice (a replica died between handing on and marking done): still one nudge.
    await harness.bot.stores
      .queue('notifications')
      .enqueue({ kind: 'nudge', id: scheduled?.id, job: scheduled?.body });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(cardsTo(ALICE)).toHaveLength(before + 1);
  });

  it('does not come after the user tapped any button of the warning', async () => {
    await installIn(BOB, 'en-US');
    const chatThreadId = await flows.warn(BOB);
    const answer = await flows.tap(BOB, ACKNOWLEDGE_SENDER_VERB, { chatThreadId });
    expect(answer.statusCode).toBe(200);
    const before = cardsTo(BOB).length;

    expect(await harness.bot.forwardNudges(Date.now() + DAY_AND_A_BIT)).toBe(0);
    expect(await harness.bot.stores.scheduled(NUDGE_JOBS).due(Date.now() + DAY_AND_A_BIT, 10)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(cardsTo(BOB)).toHaveLength(before);
  });
});

describe('nudges turned off', () => {
  it('are never scheduled with NUDGE_AFTER_HOURS=0', async () => {
    const harness = await startBotWithConnector({ ...ENV, NUDGE_AFTER_HOURS: '0' }, { install: ['user'] });
    try {
      await guardFlows(harness).warn(ALICE);
      expect(
        await harness.bot.stores.scheduled(NUDGE_JOBS).due(Date.now() + 1_000 * DAY_AND_A_BIT, 10),
      ).toEqual([]);
    } finally {
      await harness.stop();
    }
  });
});
