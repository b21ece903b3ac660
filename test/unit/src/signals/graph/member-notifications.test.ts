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

/** A `/chats/getAllMembers` notification; `decrypted` makes it rich. */
const memberNotification = (member: FakeChatMember, decrypted = true): GraphChatNotification => {
  const body = decryptedMember(member);
  return {
    changeType: 'Created',
    resource: `chats('${dummyChatId}')/members('${body.id}')`,
    resourceData: { id: body.id, '@odata.type': '#microsoft.graph.aadUserConversationMember' },
    tenantId: DUMMY_HOME_TENANT,
    ...(decrypted ? { decrypted: body } : {}),
  };
};

describe('Graph first contacts: member notifications', () => {
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

  it('takes the sender of a member notification from the member it is about, named from the chat', async () => {
    graph.addChat(dummyChatId, [dummyAlice, dummyAttacker]);

    const signals = await source().signalsFor(memberNotification(dummyAttacker), receivedAt);

    expect(signals.map((signal) => [signal.sender, signal.recipient.aadObjectId])).toEqual([
      [{ displayName: 'IT Helpdesk', upn: null, tenantId: DUMMY_OTHER_TENANT }, dummyAlice.userId],
    ]);
  });

  it.each([
    ['a home member of a chat not known to be external', dummyAlice],
    ['a trusted-tenant member', dummyPartner],
  ])('does nothing for %s, without asking Graph', async (_case, member) => {
    graph.addChat(dummyChatId, [dummyAlice, dummyAttacker, dummyPartner]);
    const firstContacts = source();

    expect(firstContacts.discardReason(memberNotification(member))).toBe('internal_member');
    await expect(firstContacts.signalsFor(memberNotification(member), receivedAt)).resolves.toEqual([]);
    expect(graph.calls).toEqual([]);
  });

  it('warns a home member added to a chat just read and found external, from the cache', async () => {
    graph.addChat(dummyChatId, [dummyAlice, dummyAttacker]);
    const firstContacts = source();
    await firstContacts.signalsFor(memberNotification(dummyAttacker), receivedAt);

    const signals = await firstContacts.signalsFor(memberNotification(dummyBob), receivedAt);

    expect(signals.map((signal) => [signal.sender.displayName, signal.recipient.aadObjectId])).toEqual([
      ['IT Helpdesk', dummyBob.userId],
    ]);
    expect(graph.callsTo('listChatMembers')).toHaveLength(1);
  });

  it('gives nothing for a chat Graph does not know (404)', async () => {
    await expect(source().signalsFor(memberNotification(dummyAttacker, false), receivedAt)).resolves.toEqual(
      [],
    );
    expect(graph.callsTo('listChatMembers').map((call) => call.status)).toEqual([404]);
    expect(outcomes).toEqual(['unknown_chat']);
  });
});
