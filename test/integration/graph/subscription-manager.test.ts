import {
  type CatchUpRequest,
  createGraphClient,
  createSubscriptionManager,
  type LifecycleNotice,
  type SubscriptionManager,
  type SubscriptionManagerOptions,
} from '../../../src/graph';
import { MemoryFencedStore, MemoryKeyValueStore } from '../../../src/store/memory';
import { connectRedis } from '../../../src/store/redis';
import { createRedisStores, type Stores } from '../../../src/store/stores';
import { DUMMY_GRAPH_TOKEN, FakeGraph } from '../../support/fake-graph';
import { type FakeSubscription, startFakeGraphReceiver } from '../../support/fake-graph-subscriptions';
import { fakeLog } from '../../support/fake-log';
import { connectTestRedis, testRedisUrl } from '../../support/redis';
import { waitFor, waitUntil } from '../../support/wait-for';

const minute = 60_000;
const hour = 60 * minute;
const dummyClientState = 'dummy-client-state-9c2f0e';
/** What the manager asks for by default: 4,320 minutes less 15. */
const askedLifetimeMs = 4_305 * minute;

describe('subscription manager against FakeGraph', () => {
  let clock: number;
  let now: () => number;
  let graph: FakeGraph;
  let receiver: Awaited<ReturnType<typeof startFakeGraphReceiver>>;
  let lifecycleTarget: SubscriptionManager | undefined;
  let managers: SubscriptionManager[];
  let closers: Array<() => Promise<void>>;
  let catchUps: CatchUpRequest[];
  let logged: ReturnType<typeof fakeLog>;

  const managerOn = (
    stores: Pick<Stores, 'kv' | 'fenced' | 'dedupe'>,
    overrides: Partial<SubscriptionManagerOptions> = {},
  ): SubscriptionManager => {
    const manager = createSubscriptionManager({
      graph: createGraphClient({
        endpoint: graph.url,
        tokens: { getToken: async () => DUMMY_GRAPH_TOKEN },
        log: logged.logger,
        backoff: { baseMs: 5, maxMs: 20, retryAfterMaxMs: 5_000 },
      }),
      kv: stores.kv,
      fenced: stores.fenced,
      dedupe: stores.dedupe,
      log: logged.logger,
      notificationUrl: receiver.notificationUrl,
      lifecycleNotificationUrl: receiver.lifecycleNotificationUrl,
      clientState: dummyClientState,
      catchUp: async (request) => {
        catchUps.push(request);
      },
      now: () => now(),
      tickIntervalMs: 60_000,
      ...overrides,
    });
    managers.push(manager);
    lifecycleTarget ??= manager;
    return manager;
  };

  const memoryManager = (overrides: Partial<SubscriptionManagerOptions> = {}) => {
    const store = new MemoryKeyValueStore(() => now());
    return managerOn({ kv: store, fenced: new MemoryFencedStore(), dedupe: store }, overrides);
  };

  const redisManager = async (owner: string, fresh: boolean) => {
    const redis = fresh ? await connectTestRedis() : await connectRedis(testRedisUrl());
    // Registered first: an open client would keep jest from exiting.
    closers.push(async () => redis.destroy());
    const stores = createRedisStores(redis);
    const manager = managerOn(stores, { owner, leaseMs: 400, tickIntervalMs: 100 });
    return { manager, redis };
  };

  const byResource = (resource: string): FakeSubscription => {
    const found = graph.subscriptions.list().find((subscription) => subscription.resource === resource);
    if (!found) throw new Error(`no subscription to ${resource}`);
    return found;
  };

  beforeEach(async () => {
    clock = Date.parse('2026-11-27T22:00:00Z');
    now = () => clock;
    managers = [];
    closers = [];
    catchUps = [];
    lifecycleTarget = undefined;
    logged = fakeLog();
    graph = await new FakeGraph(DUMMY_GRAPH_TOKEN, { now: () => now() }).start();
    receiver = await startFakeGraphReceiver((item) =>
      lifecycleTarget!.onLifecycle(item as unknown as LifecycleNotice),
    );
  });

  afterEach(async () => {
    await Promise.all(managers.map((manager) => manager.stop()));
    await Promise.allSettled(closers.map((close) => close()));
    await receiver.stop();
    await graph.stop();
  });

  it('creates /chats and /chats/getAllMembers?model=A with the lifecycle URL, after a real handshake', async () => {
    const manager = memoryManager();

    await manager.tick();

    expect(
      graph.subscriptions
        .list()
        .map((s) => [
          s.resource,
          s.changeType,
          s.lifecycleNotificationUrl,
          s.clientState,
          s.expirationDateTime,
        ])
        .sort(),
    ).toEqual(
      ['/chats', '/chats/getAllMembers?model=A'].map((resource) => [
        resource,
        'created',
        receiver.lifecycleNotificationUrl,
        dummyClientState,
        new Date(clock + askedLifetimeMs).toISOString(),
      ]),
    );
    expect(byResource('/chats/getAllMembers?model=A').paymentModel).toBe('A');
    expect(graph.subscriptions.validations.map((validation) => validation.ok)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    const health = await manager.health();
    expect(health.leader).toBe(true);
    expect(health.subscriptions.map((s) => [s.name, s.state, s.failures])).toEqual([
      ['chats', 'active', 0],
      ['chatMembers', 'active', 0],
    ]);
  });

  it('renews each subscription once 2/3 of its lifetime has passed, not before', async () => {
    const manager = memoryManager();
    await manager.tick();
    const ids = graph.subscriptions.list().map((s) => s.id);

    clock += 47 * hour;
    await manager.tick();
    const renewalsBefore = graph.callsTo('renewSubscription').length;
    clock += hour;
    await manager.tick();

    expect(renewalsBefore).toBe(0);
    expect(graph.callsTo('renewSubscription').map((call) => call.status)).toEqual([200, 200]);
    expect(graph.subscriptions.list().map((s) => [s.id, s.expirationDateTime])).toEqual(
      ids.map((id) => [id, new Date(clock + askedLifetimeMs).toISOString()]),
    );
    expect(graph.callsTo('createSubscription')).toHaveLength(2);
  });

  it('recreates a subscription after subscriptionRemoved and catches up from then', async () => {
    const manager = memoryManager();
    await manager.tick();
    const removed = byResource('/chats');

    expect(await graph.subscriptions.sendLifecycle(removed.id, 'subscriptionRemoved')).toBe(202);
    await manager.tick();

    const replacement = byResource('/chats');
    expect(replacement.id).not.toBe(removed.id);
    expect(catchUps).toEqual([
      {
        name: 'chats',
        resource: '/chats',
        subscriptionId: replacement.id,
        since: new Date(clock).toISOString(),
        reason: 'subscriptionRemoved',
      },
    ]);
  });

  it('recreates a subscription whose renewal answers 404', async () => {
    const manager = memoryManager();
    await manager.tick();
    const lost = byResource('/chats/getAllMembers?model=A');
    graph.subscriptions.remove(lost.id);

    clock += 48 * hour;
    await manager.tick();

    expect(
      graph
        .callsTo('renewSubscription')
        .map((call) => call.status)
        .sort(),
    ).toEqual([200, 404]);
    expect(byResource('/chats/getAllMembers?model=A').id).not.toBe(lost.id);
    expect(catchUps.map((request) => [request.name, request.reason])).toEqual([['chatMembers', 'notFound']]);
  });

  it('reauthorizes at once on reauthorizationRequired when running, without a new subscription', async () => {
    const manager = memoryManager();
    await manager.tick();
    manager.start();
    const target = byResource('/chats');

    await graph.subscriptions.sendLifecycle(target.id, 'reauthorizationRequired');

    await waitFor('the reauthorize call', () => graph.callsTo('reauthorizeSubscription')[0]);
    expect(graph.callsTo('reauthorizeSubscription')[0]).toMatchObject({ key: target.id, status: 204 });
    await waitUntil(
      () => graph.subscriptions.get(target.id)?.reauthorizationRequired === false,
      'reauthorized',
    );
    expect(graph.callsTo('createSubscription')).toHaveLength(2);
  });

  it('renews instead when reauthorize fails', async () => {
    const manager = memoryManager();
    await manager.tick();
    const target = byResource('/chats');
    await graph.subscriptions.sendLifecycle(target.id, 'reauthorizationRequired');
    graph.failNextTo('reauthorizeSubscription', 500);

    await manager.tick();

    expect(graph.callsTo('renewSubscription').map((call) => [call.key, call.status])).toEqual([
      [target.id, 200],
    ]);
    expect(graph.subscriptions.get(target.id)?.reauthorizationRequired).toBe(false);
  });

  it('calls catchUp on missed, once', async () => {
    const manager = memoryManager();
    await manager.tick();
    const target = byResource('/chats/getAllMembers?model=A');

    await graph.subscriptions.sendLifecycle(target.id, 'missed');
    await manager.tick();
    await manager.tick();

    expect(catchUps).toEqual([
      expect.objectContaining({ name: 'chatMembers', subscriptionId: target.id, reason: 'missed' }),
    ]);
    expect(graph.callsTo('createSubscription')).toHaveLength(2);
  });

  it('waits out a short Retry-After inside the call', async () => {
    graph.failNextTo('createSubscription', 429, { 'Retry-After': '1' });
    const manager = memoryManager();

    await manager.tick();

    const [throttled, retried] = graph.callsTo('createSubscription');
    expect([throttled.status, retried.status]).toEqual([429, 201]);
    expect(retried.at - throttled.at).toBeGreaterThanOrEqual(1_000);
  });

  it('makes no call before a long Retry-After has passed, then creates', async () => {
    graph.failNextTo('createSubscription', 429, { 'Retry-After': '120' });
    const manager = memoryManager();

    await manager.tick();
    const [chats] = (await manager.health()).subscriptions;
    clock += 119_000;
    await manager.tick();
    const callsBeforeDeadline = graph.callsTo('createSubscription').length;
    clock += 2_000;
    await manager.tick();

    expect(chats).toMatchObject({
      state: 'missing',
      failures: 1,
      nextAttemptAt: new Date(clock - 121_000 + 120_000).toISOString(),
    });
    expect(chats.lastError).toContain('429');
    expect(callsBeforeDeadline).toBe(2);
    expect(graph.subscriptions.list()).toHaveLength(2);
  });

  it('reports the last notification per subscription and ignores lifecycle events of unknown ones', async () => {
    const manager = memoryManager();
    await manager.tick();
    const chats = byResource('/chats');

    await manager.noteNotification(chats.id, clock - 5_000);
    const outcome = await manager.onLifecycle({
      subscriptionId: '0b3c4d5e-0000-4000-8000-00000000dead',
      lifecycleEvent: 'subscriptionRemoved',
    });
    await manager.tick();

    expect(outcome).toBe('ignored');
    expect((await manager.health()).subscriptions.map((s) => s.lastNotificationAt)).toEqual([
      new Date(clock - 5_000).toISOString(),
      undefined,
    ]);
    expect(graph.callsTo('createSubscription')).toHaveLength(2);
  });

  it('logs neither the clientState nor the token', async () => {
    graph.failNextTo('createSubscription', 403);
    await memoryManager().tick();

    expect(logged.lines.join('\n')).not.toContain(dummyClientState);
    expect(logged.lines.join('\n')).not.toContain(DUMMY_GRAPH_TOKEN);
  });

  describe('replicas on one Redis', () => {
    beforeEach(() => {
      now = Date.now;
    });

    it('lets only one of two managers create the subscriptions', async () => {
      const a = await redisManager('replica-a', true);
      const b = await redisManager('replica-b', false);

      a.manager.start();
      b.manager.start();
      await waitUntil(() => graph.subscriptions.list().length === 2, 'two subscriptions');
      await new Promise((resolve) => setTimeout(resolve, 1_000));

      expect(graph.callsTo('createSubscription')).toHaveLength(2);
      const leaders = [(await a.manager.health()).leader, (await b.manager.health()).leader];
      expect(leaders.filter(Boolean)).toHaveLength(1);
    });

    it('hands over to the other replica when the holder stops, which keeps the subscriptions', async () => {
      const a = await redisManager('replica-a', true);
      a.manager.start();
      await waitUntil(
        async () => (await a.manager.health()).subscriptions.every((s) => s.state === 'active'),
        'a',
      );
      const b = await redisManager('replica-b', false);
      b.manager.start();

      await a.manager.stop();
      await waitUntil(async () => (await b.manager.health()).leader, 'b takes over', 2_000);
      lifecycleTarget = b.manager;
      const target = byResource('/chats');
      await graph.subscriptions.sendLifecycle(target.id, 'reauthorizationRequired');

      await waitFor('b reauthorizes', () => graph.callsTo('reauthorizeSubscription')[0]);
      expect(graph.callsTo('createSubscription')).toHaveLength(2);
    });

    it('takes over once the lease lapses when the holder loses its store', async () => {
      const a = await redisManager('replica-a', true);
      a.manager.start();
      await waitUntil(
        async () => (await a.manager.health()).subscriptions.every((s) => s.state === 'active'),
        'a',
      );
      const b = await redisManager('replica-b', false);
      b.manager.start();

      a.redis.destroy();
      await waitUntil(async () => (await b.manager.health()).leader, 'b takes over', 3_000);

      expect(graph.callsTo('createSubscription')).toHaveLength(2);
    });
  });
});
