import { createCampaignTracker } from '../../../../src/campaigns';
import { createMemoryStores, createRedisStores, type Stores } from '../../../../src/store/stores';
import { connectTestRedis } from '../../../support/redis';

const dummyPolicy = { minUsers: 3, windowMinutes: 10 };
const dummyTenant = 'attacker-tenant';
const dummyStart = Date.UTC(2026, 10, 27, 22, 0, 0);
const minutes = (n: number): number => dummyStart + n * 60_000;

/** One contract, run against the memory stores and a real Redis. */
const backends: Array<[string, () => Promise<{ stores: Stores; second: () => Stores }>]> = [
  [
    'memory',
    async () => {
      const stores = createMemoryStores();
      return { stores, second: () => stores };
    },
  ],
  [
    'redis',
    async () => {
      const client = await connectTestRedis();
      // A second replica: its own client and stores over the same Redis database.
      const other = client.duplicate();
      await other.connect();
      const stores = createRedisStores(client);
      const secondStores = createRedisStores(other);
      const close = stores.close;
      stores.close = async () => {
        await secondStores.close();
        await close();
      };
      return { stores, second: () => secondStores };
    },
  ],
];

describe.each(backends)('createCampaignTracker (%s)', (_kind, open) => {
  let stores: Stores;
  let second: () => Stores;

  beforeEach(async () => {
    ({ stores, second } = await open());
  });

  afterEach(async () => {
    await stores.close();
  });

  const tracker = (s: Stores) =>
    createCampaignTracker({ windows: s.windows, kv: s.kv, dedupe: s.dedupe }, dummyPolicy);

  it('has no campaign below the number of users', async () => {
    const t = tracker(stores);
    await t.record({ senderTenantId: dummyTenant, senderUpn: null, recipientId: 'u1', at: minutes(0) });
    const result = await t.record({
      senderTenantId: dummyTenant,
      senderUpn: null,
      recipientId: 'u2',
      at: minutes(1),
    });
    expect(result).toEqual({ campaignId: null, usersReached: 2, severity: 'normal' });
  });

  it('opens a campaign with high severity when the tenant reaches N users within the window', async () => {
    const t = tracker(stores);
    for (const [i, user] of ['u1', 'u2'].entries()) {
      await t.record({ senderTenantId: dummyTenant, senderUpn: null, recipientId: user, at: minutes(i) });
    }
    const result = await t.record({
      senderTenantId: dummyTenant,
      senderUpn: null,
      recipientId: 'u3',
      at: minutes(2),
    });
    expect(result).toMatchObject({ usersReached: 3, severity: 'high' });
    expect(result.campaignId).toMatch(/^cmp-/);
  });

  it('counts distinct users, not messages', async () => {
    const t = tracker(stores);
    for (let i = 0; i < 5; i += 1) {
      await t.record({ senderTenantId: dummyTenant, senderUpn: null, recipientId: 'u1', at: minutes(i) });
    }
    const result = await t.record({
      senderTenantId: dummyTenant,
      senderUpn: null,
      recipientId: 'u2',
      at: minutes(5),
    });
    expect(result.usersReached).toBe(2);
  });

  it('forgets contacts older than the window', async () => {
    const t = tracker(stores);
    await t.record({ senderTenantId: dummyTenant, senderUpn: null, recipientId: 'u1', at: minutes(0) });
    await t.record({ senderTenantId: dummyTenant, senderUpn: null, recipientId: 'u2', at: minutes(1) });
    const result = await t.record({
      senderTenantId: dummyTenant,
      senderUpn: null,
      recipientId: 'u3',
      at: minutes(30),
    });
    expect(result).toMatchObject({ campaignId: null, usersReached: 1 });
  });

  it('tracks a sender without a tenant by UPN', async () => {
    const t = tracker(stores);
    let result = { campaignId: null as string | null };
    for (const user of ['u1', 'u2', 'u3']) {
      result = await t.record({
        senderTenantId: null,
        senderUpn: 'IT@evil.onmicrosoft.com',
        recipientId: user,
        at: minutes(0),
      });
    }
    expect(result.campaignId).toMatch(/^cmp-/);
  });

  it('gives one campaign ID to every later contact, on every replica, even when they race', async () => {
    const [a, b] = [tracker(stores), tracker(second())];
    await a.record({ senderTenantId: dummyTenant, senderUpn: null, recipientId: 'u1', at: minutes(0) });
    await b.record({ senderTenantId: dummyTenant, senderUpn: null, recipientId: 'u2', at: minutes(0) });
    const raced = await Promise.all([
      a.record({ senderTenantId: dummyTenant, senderUpn: null, recipientId: 'u3', at: minutes(1) }),
      b.record({ senderTenantId: dummyTenant, senderUpn: null, recipientId: 'u4', at: minutes(1) }),
    ]);
    const later = await b.record({
      senderTenantId: dummyTenant,
      senderUpn: null,
      recipientId: 'u5',
      at: minutes(2),
    });
    const ids = new Set([...raced, later].map((result) => result.campaignId));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^cmp-/);
  });

  it('returns no campaign for a contact with neither tenant nor UPN', async () => {
    const result = await tracker(stores).record({ senderTenantId: null, senderUpn: null, recipientId: 'u1' });
    expect(result).toEqual({ campaignId: null, usersReached: 0, severity: 'normal' });
  });
});
