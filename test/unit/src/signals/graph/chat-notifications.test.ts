import { GraphError } from '../../../../../src/graph';
import {
  type GraphChatNotification,
  type GraphFirstContactsOptions,
  type NotificationOutcome,
} from '../../../../../src/signals/graph';
import { DUMMY_HOME_TENANT, DUMMY_OTHER_TENANT } from '../../../../support/activities';
import { type FakeChatMember, FakeGraph } from '../../../../support/fake-graph';
import {
  dummyChatId,
  dummyAlice,
  dummyBob,
  dummyAttacker,
  dummyPartner,
  receivedAt,
  decryptedMember,
  graphFirstContactsOn,
} from './dummy-chat-members';

/** A `/chats` notification; `members` makes it rich (the decrypted chat lists them). */
const chatNotification = (members?: Array<Record<string, unknown>>, chat: Record<string, unknown> = {}) => ({
  changeType: 'created',
  resource: `chats('${dummyChatId}')`,
  resourceData: {
    id: dummyChatId,
    '@odata.type': '#Microsoft.Graph.chat',
    '@odata.id': `chats('${dummyChatId}')`,
  },
  tenantId: DUMMY_HOME_TENANT,
  ...(members
    ? {
        decrypted: {
          id: dummyChatId,
          chatType: 'oneOnOne',
          createdDateTime: '2026-11-27T22:00:00+05:30',
          tenantId: DUMMY_OTHER_TENANT,
          members,
          ...chat,
        },
      }
    : {}),
});

describe('Graph first contacts: chat notifications', () => {
  let graph: FakeGraph;
  let outcomes: NotificationOutcome[];
  const source = (overrides: Partial<GraphFirstContactsOptions> = {}) =>
    graphFirstContactsOn(graph, outcomes, overrides);

  beforeEach(async () => {
    graph = await new FakeGraph().start();
    outcomes = [];
  });

  afterEach(async () => {
    await graph.stop();
  });

  it('discards an internal chat from its rich data, without asking Graph', async () => {
    const notification = chatNotification([decryptedMember(dummyAlice), decryptedMember(dummyBob)]);
    const firstContacts = source();

    expect(firstContacts.discardReason(notification)).toBe('internal');
    await expect(firstContacts.signalsFor(notification, receivedAt)).resolves.toEqual([]);
    expect(graph.calls).toEqual([]);
  });

  it('gives one signal per home member of a chat with an external helpdesk name', async () => {
    graph.addChat(dummyChatId, [dummyAlice, dummyAttacker, dummyBob]);

    const signals = await source().signalsFor(chatNotification(), receivedAt);

    expect(signals).toEqual([
      {
        tenantId: DUMMY_HOME_TENANT,
        chatThreadId: dummyChatId,
        observedAt: '2026-11-27T22:00:05.000Z',
        receivedAt,
        source: 'graph',
        sender: { displayName: 'IT Helpdesk', upn: null, tenantId: DUMMY_OTHER_TENANT },
        recipient: { aadObjectId: dummyAlice.userId, upn: null },
      },
      expect.objectContaining({ recipient: { aadObjectId: dummyBob.userId, upn: null } }),
    ]);
    expect(graph.callsTo('listChatMembers')).toHaveLength(1);
    expect(outcomes).toEqual(['external']);
  });

  it('lower-cases IDs and addresses, keeps the chat ID and the name as Graph gives them', async () => {
    const shouting = (member: FakeChatMember) =>
      decryptedMember(member, {
        userId: member.userId.toUpperCase(),
        tenantId: member.tenantId.toUpperCase(),
        displayName: member.displayName,
        email: `${member.displayName?.replace(/\W/g, '')}@Example.COM`,
      });

    const [signal] = await source().signalsFor(
      chatNotification([shouting(dummyAlice), shouting(dummyAttacker)]),
      receivedAt,
    );

    expect(signal).toMatchObject({
      chatThreadId: dummyChatId,
      sender: { displayName: 'IT Helpdesk', upn: 'ithelpdesk@example.com', tenantId: DUMMY_OTHER_TENANT },
      recipient: { aadObjectId: dummyAlice.userId, upn: 'alice@example.com' },
    });
  });

  it.each([
    [
      'rich, without a Graph call',
      chatNotification([decryptedMember(dummyAlice), decryptedMember(dummyPartner)]),
      0,
    ],
    ['basic, after one Graph call', chatNotification(), 1],
  ])('gives nothing for a chat with a trusted tenant only (%s)', async (_case, notification, calls) => {
    graph.addChat(dummyChatId, [dummyAlice, dummyPartner]);

    await expect(source().signalsFor(notification, receivedAt)).resolves.toEqual([]);
    expect(graph.callsTo('listChatMembers')).toHaveLength(calls);
  });

  it('reads the chat once for names the rich data lacks', async () => {
    graph.addChat(dummyChatId, [dummyAlice, dummyAttacker]);
    const notification = chatNotification([decryptedMember(dummyAlice), decryptedMember(dummyAttacker)]);

    const [signal] = await source().signalsFor(notification, receivedAt);

    expect(signal.sender.displayName).toBe('IT Helpdesk');
    expect(signal.observedAt).toBe('2026-11-27T16:30:00.000Z');
    expect(graph.callsTo('listChatMembers')).toHaveLength(1);
  });

  it('needs no Graph call when the rich data names the external member', async () => {
    const named = decryptedMember(dummyAttacker, { displayName: 'IT Helpdesk' });

    const signals = await source().signalsFor(
      chatNotification([decryptedMember(dummyAlice), named]),
      receivedAt,
    );

    expect(signals.map((signal) => signal.sender.displayName)).toEqual(['IT Helpdesk']);
    expect(graph.calls).toEqual([]);
  });

  it('picks, of several externals, the one from the tenant the chat was created in', async () => {
    const bystander = {
      userId: 'b0b0b0b0-1111-4222-8333-444455556666',
      tenantId: 'd00dd00d-0000-4000-8000-000000000001',
    };
    graph.addChat(dummyChatId, [dummyAlice, { ...bystander, displayName: 'Vendor Rep' }, dummyAttacker]);
    const notification = chatNotification(
      [decryptedMember(dummyAlice), decryptedMember(bystander), decryptedMember(dummyAttacker)],
      { chatType: 'group', tenantId: DUMMY_OTHER_TENANT },
    );

    const signals = await source().signalsFor(notification, receivedAt);

    expect(signals.map((signal) => signal.sender.displayName)).toEqual(['IT Helpdesk']);
  });

  it.each<[string, Partial<GraphChatNotification>, NotificationOutcome]>([
    ['an update', { changeType: 'updated' }, 'not_created'],
    ['another tenant', { tenantId: DUMMY_OTHER_TENANT }, 'other_tenant'],
    ['a message resource', { resource: `chats('${dummyChatId}')/messages('1616990032035')` }, 'unrecognised'],
  ])('discards %s without asking Graph', async (_case, overrides, reason) => {
    const notification = { ...chatNotification(), ...overrides };
    const firstContacts = source();

    expect(firstContacts.discardReason(notification)).toBe(reason);
    await expect(firstContacts.signalsFor(notification, receivedAt)).resolves.toEqual([]);
    expect(graph.calls).toEqual([]);
    expect(outcomes).toEqual([reason]);
  });

  it('throws when Graph refuses, so the queue retries the item', async () => {
    graph.addChat(dummyChatId, [dummyAlice, dummyAttacker]).withoutPermission('listChatMembers');

    const failed = source().signalsFor(chatNotification(), receivedAt);

    await expect(failed).rejects.toBeInstanceOf(GraphError);
    await expect(failed).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('ChatMember.Read.All'),
    });
  });
});
