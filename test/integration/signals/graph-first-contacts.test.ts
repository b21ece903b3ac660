import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCampaignTracker } from '../../../src/campaigns';
import { createDetector } from '../../../src/detection';
import { createGraphClient, GraphError } from '../../../src/graph';
import { silentLogger } from '../../../src/log/logger';
import { MemoryFirstContactLog } from '../../../src/reports/memory-first-contact-log';
import { createFirstContactWorker } from '../../../src/signals/first-contact-worker';
import { createGraphFirstContacts, type GraphChatNotification } from '../../../src/signals/graph';
import type { WarningJob } from '../../../src/signals/warning-delivery';
import { createMemoryStores } from '../../../src/store/stores';
import { DUMMY_HOME_TENANT } from '../../support/activities';
import { DUMMY_GRAPH_TOKEN, FakeGraph } from '../../support/fake-graph';

/** The basic `/chats` notification (the shared fixture: no resource data beyond the chat ID). */
const basicChatCreated = (
  JSON.parse(
    readFileSync(join(__dirname, '../../fixtures/graph/graph-notification.chat-created.basic.json'), 'utf8'),
  ) as { value: GraphChatNotification[] }
).value[0];
const dummyChatId = basicChatCreated.resource.slice("chats('".length, -"')".length);
const dummyExternalTenant = 'e71e0000-dead-4bad-beef-000000000bad';
const dummyAttacker = {
  userId: '3f2e1d0c-aaaa-bbbb-cccc-0123456789ab',
  tenantId: dummyExternalTenant,
  displayName: 'IT Helpdesk',
};
const dummyAlice = { userId: '8f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9', tenantId: DUMMY_HOME_TENANT };
const dummyBob = { userId: '5b649834-7412-4cce-9e69-176e95a394f5', tenantId: DUMMY_HOME_TENANT };

/** A rich `/chats/getAllMembers` notification as the shared fixture shapes it, already decrypted. */
const richMemberAdded = (): GraphChatNotification => {
  const memberId = 'MCMjMiMjMGQyZjBiOGUtNWMzYS00ZTFiLTlmN2QtNmE1YjRjM2QyZTFmIyMxOTozZjJlMWQwYw==';
  return {
    changeType: 'created',
    resource: `chats('${dummyChatId}')/members('${memberId}')`,
    resourceData: { id: memberId, '@odata.type': '#Microsoft.Graph.aadUserConversationMember' },
    tenantId: DUMMY_HOME_TENANT,
    decrypted: {
      '@odata.type': '#microsoft.graph.aadUserConversationMember',
      id: memberId,
      roles: ['owner'],
      displayName: null,
      userId: dummyAttacker.userId,
      email: null,
      tenantId: dummyExternalTenant,
      visibleHistoryStartDateTime: '0001-01-01T00:00:00Z',
    },
  };
};

describe('Graph notifications to first-contact signals, over real HTTP', () => {
  let graph: FakeGraph;

  const firstContacts = (retryAfterMaxMs = 5_000) =>
    createGraphFirstContacts({
      graph: createGraphClient({
        endpoint: graph.url,
        tokens: { getToken: async () => DUMMY_GRAPH_TOKEN },
        log: silentLogger(),
        backoff: { baseMs: 5, maxMs: 20, retryAfterMaxMs },
      }),
      homeTenantId: DUMMY_HOME_TENANT,
      trustedTenantIds: [],
    });

  beforeEach(async () => {
    graph = await new FakeGraph().start();
    graph.addChat(dummyChatId, [dummyAlice, dummyAttacker, dummyBob]);
  });

  afterEach(async () => {
    await graph.stop();
  });

  it('turns the basic chat-created fixture into warnings for both home members', async () => {
    const stores = createMemoryStores();
    const delivered: WarningJob[] = [];
    const worker = createFirstContactWorker({
      queue: stores.queue('first-contacts'),
      deadLetters: stores.queue('dead'),
      dedupe: stores.dedupe,
      firstContacts: new MemoryFirstContactLog(),
      detector: createDetector({ homeTenantId: DUMMY_HOME_TENANT, trustedTenantIds: [] }),
      campaigns: createCampaignTracker(stores, { minUsers: 3, windowMinutes: 60 }),
      delivery: {
        deliver: async (job) => {
          delivered.push(job);
          return { ok: true, attempts: 1 };
        },
      },
      events: { emit: async () => undefined },
      log: silentLogger(),
    });

    const signals = await firstContacts().signalsFor(basicChatCreated, Date.now());
    for (const [n, signal] of signals.entries()) await worker.handle(signal, `message-${n}`);

    expect(
      delivered.map((job) => [job.signal.chatThreadId, job.signal.recipient.aadObjectId, job.imitates]),
    ).toEqual([
      [dummyChatId, dummyAlice.userId, expect.any(String)],
      [dummyChatId, dummyBob.userId, expect.any(String)],
    ]);
  });

  it('names the sender of the rich member-added fixture from one read of the chat', async () => {
    const signals = await firstContacts().signalsFor(richMemberAdded(), Date.now());

    expect(signals.map((signal) => signal.sender)).toEqual([
      { displayName: 'IT Helpdesk', upn: null, tenantId: dummyExternalTenant },
      { displayName: 'IT Helpdesk', upn: null, tenantId: dummyExternalTenant },
    ]);
    expect(graph.callsTo('listChatMembers')).toHaveLength(1);
  });

  it('waits as long as a 429 Retry-After asks, then reads the chat', async () => {
    graph.failNext(429, { 'Retry-After': '1' });

    const signals = await firstContacts().signalsFor(basicChatCreated, Date.now());

    expect(signals).toHaveLength(2);
    const [throttled, served] = graph.callsTo('listChatMembers');
    expect([throttled.status, served.status]).toEqual([429, 200]);
    expect(served.at - throttled.at).toBeGreaterThanOrEqual(950);
  });

  it('gives nothing for a chat Graph does not know (404)', async () => {
    const unknown = { ...richMemberAdded(), resource: "chats('19:gone_chat@unq.gbl.spaces')/members('x')" };

    await expect(firstContacts().signalsFor(unknown, Date.now())).resolves.toEqual([]);
    expect(graph.callsTo('listChatMembers').map((call) => call.status)).toEqual([404]);
  });

  it('throws, with the wait Graph asked for, when its Retry-After is longer than the client waits', async () => {
    graph.failNext(429, { 'Retry-After': '120' });

    const failed = firstContacts(5_000).signalsFor(basicChatCreated, Date.now());

    await expect(failed).rejects.toBeInstanceOf(GraphError);
    await expect(failed).rejects.toMatchObject({ status: 429, retryAfterMs: 120_000, attempts: 1 });
  });
});
