import { REPORT_CHAT_VERB } from '../../../cards/report-verbs';
import {
  DUMMY_HOME_TENANT,
  DUMMY_OTHER_TENANT,
  DUMMY_SECURITY_CHANNEL,
  DUMMY_USER_ID,
  deepMerge,
  dummyActivity,
  inTenant,
  type FixtureName,
} from '../../support/activities';
import { startBotWithConnector, type BotHarness } from '../../support/bot-harness';

type Json = Record<string, unknown>;

/** Where the bot keeps the security team's serviceUrl (bot/proactive/security-channel.ts). */
const TEAM_REFERENCE_KEY = 'security:team-reference';

/**
 * Only HOME_TENANT_ID is served: an activity of any other tenant, of any kind, is answered
 * 200 (the Bot Connector must not retry it) and nothing else happens: no reply, no stored
 * conversation or team reference, no event, no turn.
 */
describe('the tenant guard on /api/messages', () => {
  let harness: BotHarness;
  /** One bot for the file (a stop costs half a second): each test looks at what it added. */
  let before: { calls: number; events: number; refused: number };

  beforeAll(async () => {
    harness = await startBotWithConnector({ SECURITY_CHANNEL_ID: DUMMY_SECURITY_CHANNEL });
  });

  afterAll(async () => {
    await harness.stop();
  });

  beforeEach(async () => {
    before = {
      calls: harness.connector.calls.length,
      events: harness.bot.events.length,
      refused: await refusedCount(),
    };
  });

  const activity = (fixture: FixtureName, overrides: Json = {}): Json =>
    dummyActivity(fixture, { serviceUrl: harness.connector.serviceUrl, ...overrides });
  const post = (body: Json) => harness.bot.post('/api/messages', body);
  const refusedCount = async () =>
    Number(
      /hg_activities_refused_total\{reason="tenant"\} (\d+)/.exec(
        await (await fetch(`${harness.bot.url}/metrics`)).text(),
      )?.[1] ?? 0,
    );

  /** A home-tenant `help` answered after the refused ones: every reply they could cause would be in by then. */
  const barrier = async (): Promise<void> => {
    const accepted = harness.connector.accepted().length;
    await post(activity('message.personal.text', { text: 'help', conversation: { id: 'a:barrier-chat' } }));
    await harness.connector.waitForActivities(accepted + 1);
  };
  /** The conversations the connector was called for during this test. */
  const calledFor = () => harness.connector.calls.slice(before.calls).map((call) => call.conversationId);

  const foreign: Array<[string, FixtureName, Json]> = [
    ['a message', 'message.personal.text', { text: 'help' }],
    ['a channel @mention', 'message.channel.mention', {}],
    [
      'a card tap (invoke)',
      'invoke.adaptive-card-action.personal',
      { value: { action: { verb: REPORT_CHAT_VERB, data: { chatThreadId: '19:a_b@unq.gbl.spaces' } } } },
    ],
    ['an install', 'installation-update.personal.add', {}],
    ['the bot added to a 1:1 chat', 'conversation-update.personal.bot-added', {}],
    ['the bot added to the security team', 'conversation-update.team.bot-added', {}],
    ['a reaction', 'message.personal.text', { type: 'messageReaction', reactionsAdded: [{ type: 'like' }] }],
    ['a task/fetch invoke', 'invoke.adaptive-card-action.personal', { name: 'task/fetch', value: {} }],
  ];

  it.each(foreign)(
    'answers %s from another tenant with 200 and processes nothing',
    async (_what, fixture, overrides) => {
      const res = await post(deepMerge(activity(fixture, overrides), inTenant(DUMMY_OTHER_TENANT)));

      expect(res.status).toBe(200);
      expect(await res.text()).toBe('');
      await barrier();
      expect(calledFor()).toEqual(['a:barrier-chat']);
      expect(
        await harness.bot.stores.conversations.get({
          tenantId: DUMMY_OTHER_TENANT,
          aadObjectId: DUMMY_USER_ID,
        }),
      ).toBeUndefined();
      expect(await harness.bot.stores.kv.get(TEAM_REFERENCE_KEY)).toBeUndefined();
      expect(harness.bot.events).toEqual([]);
      expect(await refusedCount()).toBe(before.refused + 1);
    },
  );

  it.each([
    [
      'channelData names another tenant (Teams sets both; channelData wins)',
      { channelData: { tenant: { id: DUMMY_OTHER_TENANT } } },
    ],
    ['no tenant at all', { channelData: { tenant: null }, conversation: { tenantId: null } }],
  ])('refuses an activity where %s', async (_what, overrides) => {
    const res = await post(activity('installation-update.personal.add', overrides));

    expect(res.status).toBe(200);
    await barrier();
    expect(calledFor()).toEqual(['a:barrier-chat']);
    expect(await refusedCount()).toBe(before.refused + 1);
  });

  // Last: it stores the team reference the tests above must not.
  it('serves the home tenant however its ID is cased, and remembers the security team', async () => {
    const res = await post(
      activity('conversation-update.team.bot-added', inTenant(DUMMY_HOME_TENANT.toUpperCase())),
    );

    expect(res.status).toBe(200);
    expect(await harness.bot.stores.kv.get(TEAM_REFERENCE_KEY)).toEqual(
      expect.objectContaining({ serviceUrl: harness.connector.serviceUrl }),
    );
    expect(await refusedCount()).toBe(before.refused);
  });
});
