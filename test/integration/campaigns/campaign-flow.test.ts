import {
  CAMPAIGN_MALICIOUS_VERB,
  CAMPAIGN_REMOVE_CHATS_VERB,
  CAMPAIGN_REWARN_VERB,
} from '../../../cards/campaign-verbs';
import { ACKNOWLEDGE_SENDER_VERB } from '../../../cards/first-contact-warning';
import { REPORT_CHAT_VERB } from '../../../cards/report-verbs';
import type { EventInput } from '../../../src/events/schema';
import { connectRedis } from '../../../src/store/redis';
import { createRedisStores } from '../../../src/store/stores';
import {
  DUMMY_ANALYST_ID,
  DUMMY_HOME_TENANT,
  DUMMY_OTHER_TENANT,
  DUMMY_SECURITY_CHANNEL,
  dummyActivity,
} from '../../support/activities';
import { FakeConnector, type ConnectorCall } from '../../support/fake-connector';
import { connectTestRedis, testRedisUrl } from '../../support/redis';
import { DUMMY_WEBHOOK_SECRET, dummySignal, signedHeaders } from '../../support/signals';
import { startTestBot, type TestBot } from '../../support/test-bot';
import { waitFor } from '../../support/wait-for';

const TARGETS = 40;
const CHANNEL = DUMMY_SECURITY_CHANNEL;
const ATTACKER = {
  displayName: 'IT Helpdesk',
  upn: 'it@helpdesk-fabrikam.onmicrosoft.com',
  tenantId: DUMMY_OTHER_TENANT,
};
const OUTSIDER_ID = '414973bc-ef0d-4a2f-8e63-47bf06945218';

const userId = (i: number): string => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const conversationId = (i: number): string => `a:campaign-user-${i}`;
const threadId = (i: number): string => `19:campaign-${i}_${userId(i)}@unq.gbl.spaces`;

type InvokeAnswer = { statusCode: number; type: string; value: unknown };

/**
 * A burst campaign through two real bots on one Redis, as two replicas behind a load
 * balancer: forty users contacted by one tenant within seconds, the signals split between
 * the replicas, one fake Bot Connector for the users' chats and the security channel.
 */
describe('a burst campaign on two replicas', () => {
  let connector: FakeConnector;
  let replicas: TestBot[];

  const events = (): EventInput[] => replicas.flatMap((bot) => bot.events);
  const ofType = (type: string): EventInput[] => events().filter((event) => event.EventType === type);
  const channelCalls = (): ConnectorCall[] =>
    connector.accepted().filter((call) => call.conversationId === CHANNEL);
  const userCalls = (i: number): ConnectorCall[] =>
    connector.accepted().filter((call) => call.conversationId === conversationId(i));
  const text = (call: ConnectorCall): string => JSON.stringify(call.body);
  const campaignId = (): string => {
    const id = ofType('CampaignDetected')[0]?.Details?.campaignId;
    if (typeof id !== 'string') throw new Error('no campaign detected');
    return id;
  };

  const tapInChannel = async (
    verb: string,
    data: Record<string, unknown>,
    aadObjectId = DUMMY_ANALYST_ID,
    name = 'Sam Analyst',
  ): Promise<InvokeAnswer> => {
    const res = await replicas[1].post(
      '/api/messages',
      dummyActivity('invoke.adaptive-card-action.personal', {
        serviceUrl: connector.serviceUrl,
        from: { id: `29:${aadObjectId}`, name, aadObjectId },
        conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true },
        channelData: { channel: { id: CHANNEL }, team: { id: CHANNEL } },
        value: { action: { type: 'Action.Execute', verb, data } },
      }),
    );
    expect(res.status).toBe(200);
    return (await res.json()) as InvokeAnswer;
  };

  const tapAsUser = async (i: number, verb: string, data: Record<string, unknown>): Promise<InvokeAnswer> => {
    const res = await replicas[0].post(
      '/api/messages',
      dummyActivity('invoke.adaptive-card-action.personal', {
        serviceUrl: connector.serviceUrl,
        from: { id: `29:campaign-user-${i}`, name: `User ${i}`, aadObjectId: userId(i) },
        conversation: { id: conversationId(i) },
        value: { action: { type: 'Action.Execute', verb, data } },
      }),
    );
    expect(res.status).toBe(200);
    return (await res.json()) as InvokeAnswer;
  };

  beforeAll(async () => {
    connector = await new FakeConnector().start();
    const redis = await connectTestRedis();
    await redis.quit();
    const env = {
      REDIS_URL: testRedisUrl(),
      SIGNAL_WEBHOOK_SECRET: DUMMY_WEBHOOK_SECRET,
      SECURITY_CHANNEL_ID: CHANNEL,
      SECURITY_TEAM_IDS: DUMMY_ANALYST_ID,
      CAMPAIGN_MIN_USERS: '5',
    };
    replicas = [await startTestBot(env), await startTestBot(env)];
    const install = await replicas[0].post(
      '/api/messages',
      dummyActivity('conversation-update.team.bot-added', { serviceUrl: connector.serviceUrl }),
    );
    expect(install.status).toBe(200);
    // The forty users have the bot, as their installs would have left it.
    const stores = createRedisStores(await connectRedis(testRedisUrl()));
    try {
      for (let i = 0; i < TARGETS; i += 1)
        await stores.conversations.set(
          { tenantId: DUMMY_HOME_TENANT, aadObjectId: userId(i) },
          {
            serviceUrl: connector.serviceUrl,
            channelId: 'msteams',
            conversation: {
              id: conversationId(i),
              tenantId: DUMMY_HOME_TENANT,
              conversationType: 'personal',
            },
            user: { id: `29:campaign-user-${i}`, aadObjectId: userId(i) },
            bot: { id: '28:helpdesk-guard' },
          },
        );
    } finally {
      await stores.close();
    }

    // The burst: forty first contacts at once, alternating between the replicas.
    const posted = await Promise.all(
      Array.from({ length: TARGETS }, (_, i) => {
        const raw = JSON.stringify(
          dummySignal({
            chatThreadId: threadId(i),
            sender: ATTACKER,
            recipient: { aadObjectId: userId(i), upn: `user${i}@contoso.com` },
          }),
        );
        return replicas[i % 2].post('/api/signals/first-contact', raw, signedHeaders(raw));
      }),
    );
    expect(posted.map((res) => res.status)).toEqual(Array(TARGETS).fill(202));
    await waitFor('every warning', () => ofType('WarningDelivered').length >= TARGETS || undefined, 30_000);
    await waitFor(
      'the card with every target warned',
      () => channelCalls().some((call) => text(call).includes(`Warned ${TARGETS}`)),
      30_000,
    );
  }, 90_000);

  afterAll(async () => {
    await Promise.all(replicas.map((bot) => bot.stop()));
    await connector.stop();
  });

  it('posts one campaign card and edits it a bounded number of times', () => {
    expect(ofType('CampaignDetected')).toHaveLength(1);
    const posts = channelCalls().filter((call) => call.method === 'POST');
    expect(posts).toHaveLength(1);
    const edits = channelCalls().filter((call) => call.method === 'PUT');
    // Forty targets each contacted then warned: 80 changes, coalesced into a handful of edits
    // (none at all when every warning landed before the card was posted; later tests edit it).
    expect(edits.length).toBeLessThanOrEqual(15);
    const last = text(channelCalls().at(-1)!);
    expect(last).toContain(`${TARGETS} people contacted`);
    expect(last).toContain(ATTACKER.upn);
    expect(last).toContain(DUMMY_OTHER_TENANT);
    expect(last).toContain('helpdesk-fabrikam.onmicrosoft.com');
    for (const i of [0, 1, 2, 20, 39]) expect(last).toContain(`user${i}@contoso.com`);
    expect(last).toContain(campaignId());
  });

  it("puts the campaign ID on the events of the campaign's chats, all but those sent before it existed", () => {
    const id = campaignId();
    const delivered = ofType('WarningDelivered');
    expect(delivered).toHaveLength(TARGETS);
    // Only warnings sent before the campaign existed can lack it: fewer than CAMPAIGN_MIN_USERS.
    expect(delivered.filter((event) => event.Details?.campaignId !== id).length).toBeLessThan(5);
    expect(ofType('CampaignUpdated').length).toBeGreaterThanOrEqual(TARGETS - 5);
    expect(ofType('CampaignUpdated').every((event) => event.Details?.campaignId === id)).toBe(true);
  });

  it('refuses a tap by someone outside the security team and changes nothing', async () => {
    const before = channelCalls().length;
    const answer = await tapInChannel(
      CAMPAIGN_MALICIOUS_VERB,
      { campaignId: campaignId() },
      OUTSIDER_ID,
      'Mallory',
    );
    expect(answer.statusCode).toBe(403);
    expect(JSON.stringify(answer.value)).toMatch(/security team/);
    expect(ofType('CampaignTriaged')).toHaveLength(0);
    expect(channelCalls()).toHaveLength(before);
  });

  it('shows a report of a campaign chat on the campaign card, not on a card of its own', async () => {
    const answer = await tapAsUser(3, REPORT_CHAT_VERB, { chatThreadId: threadId(3) });
    expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
    await waitFor('the card with the report', () =>
      channelCalls().find((call) => call.method === 'PUT' && text(call).includes('Reported 1')),
    );
    expect(channelCalls().filter((call) => call.method === 'POST')).toHaveLength(1);
    expect(ofType('ChatReported')[0].Details?.campaignId).toBe(campaignId());
  });

  it('re-warns only the targets who did not acknowledge, with a campaign message, once', async () => {
    expect((await tapAsUser(5, ACKNOWLEDGE_SENDER_VERB, { chatThreadId: threadId(5) })).statusCode).toBe(200);
    await waitFor('the acknowledgement on the card', () =>
      channelCalls().find((call) => text(call).includes('Acknowledged 1')),
    );
    const before = userCalls(5).length;

    const answer = await tapInChannel(CAMPAIGN_REWARN_VERB, { campaignId: campaignId() });

    expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
    await waitFor('the re-warnings', () =>
      ofType('CampaignUpdated').find((e) => e.Details?.change === 'rewarned'),
    );
    const rewarned = ofType('CampaignUpdated').find((e) => e.Details?.change === 'rewarned')!;
    expect(rewarned.Details).toMatchObject({ rewarned: TARGETS - 1, analystName: 'Sam Analyst' });
    await waitFor('a re-warning card', () =>
      userCalls(0).find((call) => text(call).includes(`contacted ${TARGETS - 1} colleagues`)),
    );
    expect(userCalls(5)).toHaveLength(before);
    expect(
      replicas
        .flatMap((bot) => bot.logs)
        .some((line) => /re-warning of 39 users by Sam Analyst/.test(String(line.msg))),
    ).toBe(true);
    // A second tap finds no one left to re-warn (the event is emitted before the tap is answered).
    await tapInChannel(CAMPAIGN_REWARN_VERB, { campaignId: campaignId() });
    const rewarnings = ofType('CampaignUpdated').filter((event) => event.Details?.change === 'rewarned');
    expect(rewarnings.map((event) => event.Details?.rewarned)).toEqual([TARGETS - 1, 0]);
  });

  it('says what to set up when "Remove the chats" has no sign-on', async () => {
    const answer = await tapInChannel(CAMPAIGN_REMOVE_CHATS_VERB, { campaignId: campaignId() });
    expect(answer.type).toBe('application/vnd.microsoft.activity.message');
    expect(String(answer.value)).toMatch(/SSO_CONNECTION_NAME/);
    expect(String(answer.value)).toMatch(/Chat\.ReadWrite\.All/);
    expect(ofType('ChatAccessRemoved')).toHaveLength(0);
  });

  it('triages malicious from the card: card updated in place, event, sender blocked, every target told once', async () => {
    const answer = await tapInChannel(CAMPAIGN_MALICIOUS_VERB, { campaignId: campaignId() });

    expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(answer.value)).toMatch(/Confirmed malicious by Sam Analyst/);
    const triaged = ofType('CampaignTriaged');
    expect(triaged).toHaveLength(1);
    expect(triaged[0].Details).toMatchObject({
      campaignId: campaignId(),
      decision: 'malicious',
      analystObjectId: DUMMY_ANALYST_ID,
      usersReached: TARGETS,
    });
    await waitFor('the card edit', () =>
      channelCalls().find(
        (call) => call.method === 'PUT' && text(call).includes('Confirmed malicious by Sam Analyst'),
      ),
    );
    expect(channelCalls().filter((call) => call.method === 'POST')).toHaveLength(1);
    await waitFor(
      'every target told',
      () =>
        Array.from({ length: TARGETS }, (_, i) => i).every((i) =>
          userCalls(i).some((call) => text(call).includes('is an attacker pretending to be IT support')),
        ),
      20_000,
    );
    expect(
      ofType('SenderListChanged').some((event) => event.Details?.value === ATTACKER.upn.toLowerCase()),
    ).toBe(true);
    // The reported chat's report took the campaign's decision.
    expect(triaged[0].Details?.reportIds).toHaveLength(1);

    // A second triage is refused with the card as it stands; no one is told twice.
    const again = await tapInChannel(CAMPAIGN_MALICIOUS_VERB, { campaignId: campaignId() });
    expect(JSON.stringify(again.value)).toMatch(/Confirmed malicious/);
    expect(ofType('CampaignTriaged')).toHaveLength(1);
    const told = (i: number) =>
      userCalls(i).filter((call) => text(call).includes('is an attacker pretending to be IT support')).length;
    expect(told(0)).toBe(1);
  });
});
