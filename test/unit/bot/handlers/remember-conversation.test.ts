import { activityUser } from '../../../../bot/activity-user';
import { rememberConversation } from '../../../../bot/handlers/remember-conversation';
import {
  DUMMY_HOME_TENANT,
  DUMMY_OTHER_TENANT,
  DUMMY_USER_ID,
  dummyActivity,
  inTenant,
} from '../../../support/activities';
import { DUMMY_ALICE, DUMMY_BOB_ID, handlerDeps } from '../support/handler-deps';
import { dummyCardTap, dummyMessage, fakeTurn, fromNobody, fromUser } from '../support/handler-turn';

const PERSONAL_CONVERSATION = dummyActivity('message.personal.text').conversation as { id: string };

describe('rememberConversation (before every turn)', () => {
  it("stores the 1:1 conversation reference of a personal message's user", async () => {
    const { deps, stores } = handlerDeps();
    const turn = fakeTurn(dummyMessage('help'));

    await rememberConversation(deps)(turn.context);

    const record = await stores.conversations.get(DUMMY_ALICE);
    // Strict: no undefined fields either, only what a JSON store keeps.
    expect(record?.reference).toStrictEqual({
      activityId: '1732698000123',
      user: {
        id: '29:1a2b3c4d5e6f7g8h9i0jKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-AbCdEf',
        name: 'Alice Example',
        aadObjectId: DUMMY_USER_ID,
      },
      bot: { id: '28:6e5d4c3b-2a19-4807-b6f5-e4d3c2b1a098', name: 'Helpdesk Guard' },
      conversation: {
        conversationType: 'personal',
        tenantId: DUMMY_HOME_TENANT,
        id: PERSONAL_CONVERSATION.id,
      },
      channelId: 'msteams',
      locale: 'en-US',
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
    });
  });

  it.each([
    ['the app installed', dummyActivity('installation-update.personal.add')],
    ['the bot added to the personal chat', dummyActivity('conversation-update.personal.bot-added')],
    ['a card tap', dummyCardTap('chat.report', {})],
  ])('stores it on %s too', async (_what, activity) => {
    const { deps, stores } = handlerDeps();

    await rememberConversation(deps)(fakeTurn(activity).context);

    expect((await stores.conversations.get(DUMMY_ALICE))?.reference.conversation.id).toBe(
      PERSONAL_CONVERSATION.id,
    );
  });

  it('keys the reference by the user, so each user is reached in their own chat', async () => {
    const { deps, stores } = handlerDeps();
    const bob = dummyMessage('help', {
      ...fromUser(DUMMY_BOB_ID, 'Bob'),
      conversation: { id: 'a:1BobsPersonalChat' },
    });

    await rememberConversation(deps)(fakeTurn(dummyMessage('help')).context);
    await rememberConversation(deps)(fakeTurn(bob).context);

    expect((await stores.conversations.get(DUMMY_ALICE))?.reference.conversation.id).toBe(
      PERSONAL_CONVERSATION.id,
    );
    expect(
      (await stores.conversations.get({ tenantId: DUMMY_HOME_TENANT, aadObjectId: DUMMY_BOB_ID }))?.reference
        .conversation.id,
    ).toBe('a:1BobsPersonalChat');
  });

  it('replaces a reference marked stale by a refused send', async () => {
    const { deps, stores } = handlerDeps();
    await rememberConversation(deps)(fakeTurn(dummyMessage('help')).context);
    await stores.conversations.markStale(DUMMY_ALICE, '403 from the Bot Connector');

    await rememberConversation(deps)(fakeTurn(dummyMessage('tips')).context);

    expect(await stores.conversations.get(DUMMY_ALICE)).not.toHaveProperty('staleSince');
  });

  it.each([
    ['a channel message', dummyActivity('message.channel.mention')],
    ['the bot added to a team', dummyActivity('conversation-update.team.bot-added')],
    ['the app removed', dummyActivity('installation-update.personal.add', { action: 'remove' })],
    ['a message with no Entra user behind it', dummyMessage('help', fromNobody)],
  ])('stores nothing for %s', async (_what, activity) => {
    const { deps, stores } = handlerDeps();

    await rememberConversation(deps)(fakeTurn(activity).context);

    expect(await stores.conversations.get(activityUser(activity) ?? DUMMY_ALICE)).toBeUndefined();
  });

  it('never stores a user of another tenant as the home-tenant user with the same object ID', async () => {
    const { deps, stores } = handlerDeps();

    await rememberConversation(deps)(fakeTurn(dummyMessage('help', inTenant(DUMMY_OTHER_TENANT))).context);

    expect(await stores.conversations.get(DUMMY_ALICE)).toBeUndefined();
  });

  it.each([
    ['a stored reference', dummyMessage('help')],
    ['nothing stored', dummyActivity('message.channel.mention')],
  ])('lets the turn go on, and sends nothing, with %s', async (_what, activity) => {
    const { deps } = handlerDeps();
    const turn = fakeTurn(activity);

    await expect(rememberConversation(deps)(turn.context)).resolves.toBe(true);
    expect(turn.sent).toEqual([]);
  });
});
