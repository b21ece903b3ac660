import {
  adoptOrCreate,
  type CreationSettings,
  type WantedSubscription,
} from '../../../../../src/graph/subscriptions/adopt-or-create';
import type {
  GraphSubscription,
  GraphSubscriptionCalls,
} from '../../../../../src/graph/subscriptions/subscription-calls';
import { silentLogger } from '../../../../../src/log/logger';

const clock = Date.parse('2026-11-27T22:00:00Z');
const hour = 60 * 60_000;
const settings: CreationSettings = {
  notificationUrl: 'https://bot.contoso.com/api/graph/notifications',
  lifecycleNotificationUrl: 'https://bot.contoso.com/api/graph/lifecycle',
  clientState: 'dummy-client-state',
  includeResourceData: false,
  lifetimeMs: 70 * hour,
};
const wanted: WantedSubscription = {
  name: 'chatMembers',
  resource: '/chats/getAllMembers?model=A',
  changeType: 'created',
};

const dummyListed = (id: string, overrides: Partial<GraphSubscription> = {}): GraphSubscription => ({
  id,
  resource: '/chats/getAllMembers?model=A',
  changeType: 'created',
  notificationUrl: settings.notificationUrl,
  lifecycleNotificationUrl: settings.lifecycleNotificationUrl,
  expirationDateTime: new Date(clock + 40 * hour).toISOString(),
  clientState: settings.clientState,
  ...overrides,
});

/** Graph's subscription calls over a list, recording creates and deletes. */
const fakeGraph = (listed: GraphSubscription[]) => {
  const created: string[] = [];
  const deleted: string[] = [];
  const graph: Pick<
    GraphSubscriptionCalls,
    'listSubscriptions' | 'createSubscription' | 'deleteSubscription'
  > = {
    listSubscriptions: async () => listed,
    createSubscription: async (body) => {
      created.push(body.resource);
      return dummyListed('new-subscription', { expirationDateTime: body.expirationDateTime });
    },
    deleteSubscription: async (id) => {
      deleted.push(id);
      return 'deleted';
    },
  };
  return { graph, created, deleted };
};

const adopt = (fake: ReturnType<typeof fakeGraph>, replacing?: string) =>
  adoptOrCreate({ graph: fake.graph, log: silentLogger(), now: () => clock, settings }, wanted, replacing);

describe('adoptOrCreate', () => {
  it('adopts the longest-lived matching subscription and deletes the duplicates (a retried create)', async () => {
    const fake = fakeGraph([
      dummyListed('older', { expirationDateTime: new Date(clock + 10 * hour).toISOString() }),
      dummyListed('newer'),
    ]);

    const result = await adopt(fake);

    expect(result).toMatchObject({ adopted: true, subscription: { id: 'newer' } });
    expect(fake.deleted).toEqual(['older']);
    expect(fake.created).toEqual([]);
  });

  it.each([
    ['another clientState', { clientState: 'rotated-away' }],
    ['no lifecycle URL', { lifecycleNotificationUrl: undefined }],
    ['little life left', { expirationDateTime: new Date(clock + 5 * 60_000).toISOString() }],
  ])('replaces a matching subscription with %s', async (_case, overrides) => {
    const fake = fakeGraph([dummyListed('stale', overrides)]);

    const result = await adopt(fake);

    expect(result).toMatchObject({ adopted: false, subscription: { id: 'new-subscription' } });
    expect(fake.created).toEqual(['/chats/getAllMembers?model=A']);
  });

  it('never adopts the subscription it replaces, and leaves unrelated ones alone', async () => {
    const fake = fakeGraph([
      dummyListed('removed'),
      dummyListed('other-app-url', { notificationUrl: 'https://elsewhere.contoso.com/hook' }),
      dummyListed('evaluation-mode', { resource: '/chats/getAllMembers' }),
    ]);

    const result = await adopt(fake, 'removed');

    expect(result.adopted).toBe(false);
    expect(fake.deleted).toEqual([]);
  });
});
