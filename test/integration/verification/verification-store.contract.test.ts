import { MemoryWindowCounter } from '../../../src/store/memory';
import type { WindowCounter } from '../../../src/store/ports';
import { RedisWindowCounter } from '../../../src/store/redis';
import { MemoryVerificationStore } from '../../../src/verification/memory-verification-store';
import { RedisVerificationStore } from '../../../src/verification/redis-verification-store';
import type {
  ChallengeRecord,
  CodeRecord,
  VerificationStore,
} from '../../../src/verification/verification-store';
import { redisKindsUnderTest, type TestRedis } from '../../support/redis';
import {
  buildService,
  dummyAlice,
  dummyStaff,
  dummyTenantId,
} from '../../unit/src/verification/fake-verification-deps';

const redisKinds = redisKindsUnderTest();

const dummyCode = (overrides: Partial<CodeRecord> = {}): CodeRecord => ({
  digest: 'aa'.repeat(32),
  tenantId: dummyTenantId,
  userObjectId: dummyAlice.aadObjectId,
  issuerObjectId: dummyStaff.aadObjectId,
  issuerName: 'Dana Helpdesk',
  issuedAt: 1_790_000_000_000,
  expiresAt: 1_790_000_600_000,
  ...overrides,
});

const dummyChallenge = (overrides: Partial<ChallengeRecord> = {}): ChallengeRecord => ({
  digest: 'cc'.repeat(32),
  tenantId: dummyTenantId,
  userObjectId: dummyAlice.aadObjectId,
  userUpn: dummyAlice.upn,
  chatThreadId: '19:abc_def@unq.gbl.spaces',
  issuedAt: 1_790_000_000_000,
  expiresAt: 1_790_000_600_000,
  ...overrides,
});

const TTL = 60_000;

type Made = { store: VerificationStore; windows: WindowCounter };

/** One contract, memory and Redis (one server, a Cluster: a code and its owner must share a slot). */
describe.each([
  {
    kind: 'memory',
    make: async (): Promise<Made> => ({
      store: new MemoryVerificationStore(),
      windows: new MemoryWindowCounter(),
    }),
  },
  ...redisKinds.map(({ name, shared }) => ({
    kind: `redis (${name})`,
    make: async (): Promise<Made> => {
      const redis = await shared();
      await redis.flushDb();
      return { store: new RedisVerificationStore(redis), windows: new RedisWindowCounter(redis) };
    },
  })),
])('VerificationStore contract: $kind', ({ make }) => {
  let store: VerificationStore;
  let windows: WindowCounter;

  beforeEach(async () => {
    ({ store, windows } = await make());
  });

  it('saves a code and finds it, with its owner', async () => {
    expect(await store.saveCode(dummyCode(), 'bb'.repeat(32), TTL)).toBe(true);

    expect(await store.findCode('aa'.repeat(32))).toEqual(dummyCode());
    expect(await store.findCodeOwner('bb'.repeat(32))).toBe(dummyAlice.aadObjectId);
  });

  it('finds nothing under digests never saved', async () => {
    expect(await store.findCode('dd'.repeat(32))).toBeUndefined();
    expect(await store.findCodeOwner('dd'.repeat(32))).toBeUndefined();
    expect(await store.findChallenge('dd'.repeat(32))).toBeUndefined();
  });

  it('refuses a second code under a taken owner digest and writes nothing', async () => {
    await store.saveCode(dummyCode(), 'bb'.repeat(32), TTL);

    const saved = await store.saveCode(dummyCode({ digest: 'ee'.repeat(32) }), 'bb'.repeat(32), TTL);

    expect(saved).toBe(false);
    expect(await store.findCode('ee'.repeat(32))).toBeUndefined();
  });

  it('spends a code once and keeps it as a tombstone', async () => {
    await store.saveCode(dummyCode(), 'bb'.repeat(32), TTL);

    const first = await store.spendCode('aa'.repeat(32), 1_790_000_100_000);
    const second = await store.spendCode('aa'.repeat(32), 1_790_000_200_000);

    expect([first, second]).toEqual([true, false]);
    expect(await store.findCode('aa'.repeat(32))).toEqual(dummyCode({ spentAt: 1_790_000_100_000 }));
  });

  it('does not spend, or create, a code that does not exist', async () => {
    expect(await store.spendCode('dd'.repeat(32), 1)).toBe(false);
    expect(await store.findCode('dd'.repeat(32))).toBeUndefined();
  });

  it('lets exactly one of 20 simultaneous spends of one code succeed', async () => {
    await store.saveCode(dummyCode(), 'bb'.repeat(32), TTL);

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.spendCode('aa'.repeat(32), 1_790_000_000_000 + i)),
    );

    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('saves a challenge, refuses a duplicate, and confirms it once', async () => {
    expect(await store.saveChallenge(dummyChallenge(), TTL)).toBe(true);
    expect(await store.saveChallenge(dummyChallenge({ userObjectId: 'someone-else' }), TTL)).toBe(false);

    const confirmer = { aadObjectId: dummyStaff.aadObjectId, name: 'Dana Helpdesk' };
    const results = await Promise.all(
      Array.from({ length: 20 }, () => store.confirmChallenge('cc'.repeat(32), confirmer, 1_790_000_100_000)),
    );

    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.findChallenge('cc'.repeat(32))).toEqual(
      dummyChallenge({
        confirmedAt: 1_790_000_100_000,
        confirmerObjectId: dummyStaff.aadObjectId,
        confirmerName: 'Dana Helpdesk',
      }),
    );
  });

  it('keeps a challenge without optional fields as saved', async () => {
    const bare = dummyChallenge();
    delete bare.userUpn;
    delete bare.chatThreadId;
    await store.saveChallenge(bare, TTL);

    expect(await store.findChallenge('cc'.repeat(32))).toEqual(bare);
  });

  it('lets exactly one of 20 simultaneous checks of one code through the service succeed', async () => {
    const ctx = buildService({ store, windows, clock: Date.now });
    const issued = await ctx.service.issueCode({
      tenantId: dummyTenantId,
      issuer: dummyStaff,
      target: dummyAlice,
    });
    if (!issued.ok) throw new Error('issue failed');

    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        ctx.service.checkCode({ tenantId: dummyTenantId, user: dummyAlice, code: issued.code }),
      ),
    );

    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.reason)).toEqual(
      Array.from({ length: 19 }, () => expect.stringMatching(/^(used|locked_out)$/)),
    );
  });
});

describe.each(redisKinds)('RedisVerificationStore ($name)', ({ shared }) => {
  let redis: TestRedis;
  beforeEach(async () => {
    redis = await shared();
    await redis.flushDb();
  });

  it('puts a TTL on every key it writes, a code and its owner under one hash tag', async () => {
    const store = new RedisVerificationStore(redis);
    await store.saveCode(dummyCode(), 'bb'.repeat(32), TTL);
    await store.spendCode('aa'.repeat(32), 1_790_000_100_000);
    await store.saveChallenge(dummyChallenge(), TTL);

    const keys = (await redis.keys('*')).sort();
    const ttls = await Promise.all(keys.map((key) => redis.pTTL(key)));

    expect(keys).toEqual([
      `hg:verify:challenge:${'cc'.repeat(32)}`,
      `hg:{verify}:code:${'aa'.repeat(32)}`,
      `hg:{verify}:owner:${'bb'.repeat(32)}`,
    ]);
    for (const ttl of ttls) expect(ttl).toBeGreaterThan(0);
    for (const ttl of ttls) expect(ttl).toBeLessThanOrEqual(TTL);
  });

  it('stores no code in any key or value after a full issue-and-check run', async () => {
    const ctx = buildService({
      store: new RedisVerificationStore(redis),
      windows: new RedisWindowCounter(redis),
      clock: Date.now,
      generateCode: () => '482913',
    });
    await ctx.service.issueCode({ tenantId: dummyTenantId, issuer: dummyStaff, target: dummyAlice });
    await ctx.service.checkCode({ tenantId: dummyTenantId, user: dummyAlice, code: '482913' });
    await ctx.service.checkCode({ tenantId: dummyTenantId, user: dummyAlice, code: '482913' });

    const dump: string[] = [];
    for (const key of await redis.keys('*')) {
      const type = await redis.type(key);
      dump.push(key);
      if (type === 'hash') dump.push(JSON.stringify(await redis.hGetAll(key)));
      if (type === 'string') dump.push((await redis.get(key)) ?? '');
      if (type === 'zset') dump.push(JSON.stringify(await redis.zRange(key, 0, -1)));
    }

    expect(dump.length).toBeGreaterThan(3);
    expect(dump.join('\n')).not.toMatch(/482\D?913/);
  });
});
