import { createSecurityChannel, securityChannelMatch } from '../../../../bot/proactive/security-channel';
import { MemoryKeyValueStore } from '../../../../src/store/memory';
import { DUMMY_HOME_TENANT, DUMMY_OTHER_TENANT, dummyActivity, inTenant } from '../../../support/activities';
import { fakeLog } from '../../../support/fake-log';

/** The Security Operations team's General channel: its team ID in the fixtures. */
const SECURITY_GENERAL = '19:5ecurity0psChannel0000000000000a@thread.tacv2';
/** A second channel of the Security Operations team. */
const SECURITY_REPORTS = '19:5ecurity0psReports0000000000000c@thread.tacv2';
/** The General channel of another team of the home tenant that has the bot installed. */
const MARKETING_GENERAL = '19:marketingGeneral00000000000000b@thread.tacv2';
const MARKETING_URL = 'https://smba.trafficmanager.net/amer/';
const SECURITY_URL = 'https://smba.trafficmanager.net/emea/';

/** A channel message in `channel` of the team whose General channel is `team`. */
const channelMessage = (channel: string, team: string, extra: Record<string, unknown> = {}) =>
  dummyActivity('message.channel.mention', {
    conversation: { id: `${channel};messageid=1732699800456` },
    channelData: { teamsChannelId: channel, teamsTeamId: team, channel: { id: channel }, team: { id: team } },
    ...extra,
  });

const marketingMessage = () =>
  channelMessage(MARKETING_GENERAL, MARKETING_GENERAL, { serviceUrl: MARKETING_URL });

const setup = ({ channelId }: { channelId?: string } = { channelId: SECURITY_GENERAL }) => {
  const log = fakeLog();
  const channel = createSecurityChannel({
    kv: new MemoryKeyValueStore(),
    channelId,
    homeTenantId: DUMMY_HOME_TENANT,
    log: log.logger,
  });
  return { channel, log };
};

describe('securityChannelMatch', () => {
  it.each([
    [
      'a message in the channel (channelData.channel.id)',
      channelMessage(SECURITY_REPORTS, SECURITY_GENERAL),
      'channel',
    ],
    [
      'a reply in the channel, known only by its conversation ID',
      dummyActivity('message.channel.mention', {
        conversation: { id: `${SECURITY_REPORTS};messageid=1732699800999` },
        channelData: { channel: undefined, team: undefined },
      }),
      'channel',
    ],
    [
      'a message in another channel of the same team',
      channelMessage(SECURITY_GENERAL, SECURITY_GENERAL),
      undefined,
    ],
    ['a message of another team', marketingMessage(), undefined],
    [
      'a conversation ID that only starts with the channel ID',
      dummyActivity('message.channel.mention', {
        conversation: { id: `${SECURITY_REPORTS}x;messageid=1` },
        channelData: { channel: undefined, team: undefined },
      }),
      undefined,
    ],
  ])('with SECURITY_CHANNEL_ID a non-General channel: %s', (_what, activity, expected) => {
    expect(securityChannelMatch(activity, SECURITY_REPORTS)).toBe(expected);
  });

  it.each([
    [
      'the bot added to the team (conversationUpdate)',
      dummyActivity('conversation-update.team.bot-added'),
      'channel',
    ],
    [
      'the install in the team, with no channel in channelData',
      dummyActivity('conversation-update.team.bot-added', {
        conversation: { id: MARKETING_GENERAL },
        channelData: { team: { id: SECURITY_GENERAL } },
      }),
      'team-install',
    ],
    [
      'an installationUpdate in the team',
      dummyActivity('conversation-update.team.bot-added', {
        type: 'installationUpdate',
        action: 'add',
        conversation: { id: SECURITY_REPORTS },
      }),
      'team-install',
    ],
    [
      'a message in a sibling channel, even though the team is the same',
      channelMessage(SECURITY_REPORTS, SECURITY_GENERAL),
      undefined,
    ],
    [
      'the bot added to another team',
      dummyActivity('conversation-update.team.bot-added', {
        conversation: { id: MARKETING_GENERAL },
        channelData: {
          team: { id: MARKETING_GENERAL },
          settings: { selectedChannel: { id: MARKETING_GENERAL } },
        },
      }),
      undefined,
    ],
  ])('with SECURITY_CHANNEL_ID the General channel: %s', (_what, activity, expected) => {
    expect(securityChannelMatch(activity, SECURITY_GENERAL)).toBe(expected);
  });
});

describe('security channel reference', () => {
  it('is stored from the bot being added to the security team, pointing at the configured channel', async () => {
    const { channel } = setup();

    await channel.remember(dummyActivity('conversation-update.team.bot-added'));

    expect(await channel.reference()).toMatchObject({
      serviceUrl: SECURITY_URL,
      conversation: { id: SECURITY_GENERAL, conversationType: 'channel', tenantId: DUMMY_HOME_TENANT },
    });
  });

  it('is stored from a message in the security channel', async () => {
    const { channel } = setup({ channelId: SECURITY_REPORTS });

    await channel.remember(channelMessage(SECURITY_REPORTS, SECURITY_GENERAL));

    expect(await channel.reference()).toMatchObject({
      serviceUrl: SECURITY_URL,
      conversation: { id: SECURITY_REPORTS },
    });
  });

  it('is not replaced by a message in another team of the home tenant, and says why in a debug line', async () => {
    const { channel, log } = setup();
    await channel.remember(dummyActivity('conversation-update.team.bot-added'));

    await channel.remember(marketingMessage());

    expect((await channel.reference())?.serviceUrl).toBe(SECURITY_URL);
    const line = log.lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => /not from SECURITY_CHANNEL_ID/.test(String(l.msg)));
    expect(line).toMatchObject({ level: 20, teamId: MARKETING_GENERAL });
  });

  it('is not set by the bot being added to another team', async () => {
    const { channel } = setup();

    await channel.remember(
      dummyActivity('conversation-update.team.bot-added', {
        serviceUrl: MARKETING_URL,
        conversation: { id: MARKETING_GENERAL },
        channelData: { team: { id: MARKETING_GENERAL } },
      }),
    );

    expect(await channel.reference()).toBeUndefined();
  });

  it.each([
    ['another tenant', channelMessage(SECURITY_GENERAL, SECURITY_GENERAL, inTenant(DUMMY_OTHER_TENANT))],
    ['a personal chat', dummyActivity('message.personal.text')],
  ])('is not set from %s', async (_what, activity) => {
    const { channel } = setup();

    await channel.remember(activity);

    expect(await channel.reference()).toBeUndefined();
  });

  it('is never set without SECURITY_CHANNEL_ID', async () => {
    const { channel } = setup({});

    await channel.remember(dummyActivity('conversation-update.team.bot-added'));

    expect(await channel.reference()).toBeUndefined();
  });
});
