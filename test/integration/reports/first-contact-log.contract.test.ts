import type { FirstContactLog } from '../../../src/reports/first-contact-log';
import { MemoryFirstContactLog } from '../../../src/reports/memory-first-contact-log';
import { RedisFirstContactLog } from '../../../src/reports/redis-first-contact-log';
import { redisKindsUnderTest, type TestRedis } from '../../support/redis';
import {
  dummyAlice,
  dummyBob,
  dummyChatThreadId,
  dummyFirstContact,
  dummySender,
  dummyStart,
  dummyTenantId,
} from '../../unit/src/reports/fake-report-deps';

const redisKinds = redisKindsUnderTest();

const DAY = 24 * 60 * 60_000;
const thread = (n: number) => `19:contact${n}@unq.gbl.spaces`;

/** Makes a log on `redis` (emptied first); memory ignores it. */
type MakeLog = (redis: TestRedis | undefined, now: () => number, retentionMs?: number) => FirstContactLog;

/** One contract, memory and Redis (one server, a Cluster: a tenant's keys must share a slot). */
describe.each([
  {
    kind: 'memory',
    redis: async (): Promise<TestRedis | undefined> => undefined,
    create: ((_redis, now, retentionMs) => new MemoryFirstContactLog(now, retentionMs)) as MakeLog,
  },
  ...redisKinds.map(({ name, shared }) => ({
    kind: `redis (${name})`,
    redis: async (): Promise<TestRedis | undefined> => {
      const redis = await shared();
      await redis.flushDb();
      return redis;
    },
    create: ((redis, now, retentionMs) => new RedisFirstContactLog(redis!, now, retentionMs)) as MakeLog,
  })),
])('FirstContactLog contract: $kind', ({ redis: connect, create }) => {
  let log: FirstContactLog;
  let redis: TestRedis | undefined;
  const make = (now: () => number, retentionMs?: number) => create(redis, now, retentionMs);

  beforeEach(async () => {
    redis = await connect();
    log = make(() => dummyStart);
  });

  it('records a first contact and gets it back, IDs in any case', async () => {
    expect(await log.record(dummyFirstContact())).toBe(true);

    expect(
      await log.get(dummyTenantId.toUpperCase(), dummyAlice.aadObjectId.toUpperCase(), dummyChatThreadId),
    ).toEqual({
      ...dummyFirstContact(),
      warnings: [],
      verificationAttempts: [],
    });
  });

  it('gets nothing for another user, chat or tenant', async () => {
    await log.record(dummyFirstContact());

    expect(await log.get(dummyTenantId, dummyBob.aadObjectId, dummyChatThreadId)).toBeUndefined();
    expect(await log.get(dummyTenantId, dummyAlice.aadObjectId, thread(9))).toBeUndefined();
    expect(
      await log.get('0ther000-0000-4000-8000-000000000000', dummyAlice.aadObjectId, dummyChatThreadId),
    ).toBeUndefined();
  });

  it('keeps the first record; a repeat only adds a campaign and raises the verdict', async () => {
    await log.record(dummyFirstContact({ verdict: 'none', score: 0.2 }));

    const again = await log.record(
      dummyFirstContact({
        verdict: 'warn',
        score: 0.9,
        observedAt: dummyStart,
        campaignId: 'cmp-1',
        reasons: ['other'],
      }),
    );

    expect(again).toBe(false);
    expect(await log.get(dummyTenantId, dummyAlice.aadObjectId, dummyChatThreadId)).toMatchObject({
      verdict: 'warn',
      score: 0.2,
      observedAt: dummyFirstContact().observedAt,
      campaignId: 'cmp-1',
      reasons: dummyFirstContact().reasons,
    });
  });

  it('records one entry from simultaneous records', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => log.record(dummyFirstContact())));

    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await log.recent(dummyTenantId, dummyAlice.aadObjectId, 0)).toHaveLength(1);
  });

  it('appends warnings and verification attempts in order, outcomes only', async () => {
    await log.record(dummyFirstContact());

    await log.recordWarning(dummyTenantId, dummyAlice.aadObjectId, dummyChatThreadId, {
      at: 1,
      delivered: false,
    });
    await log.recordWarning(dummyTenantId, dummyAlice.aadObjectId, dummyChatThreadId, {
      at: 2,
      delivered: true,
    });
    await Promise.all(
      ['wrong', 'wrong', 'expired'].map((outcome, i) =>
        log.recordVerificationAttempt(dummyTenantId, dummyAlice.aadObjectId, dummyChatThreadId, {
          at: 10 + i,
          outcome,
        }),
      ),
    );

    const entry = await log.get(dummyTenantId, dummyAlice.aadObjectId, dummyChatThreadId);
    expect(entry?.warnings).toEqual([
      { at: 1, delivered: false },
      { at: 2, delivered: true },
    ]);
    expect(entry?.verificationAttempts.map((a) => a.outcome).sort()).toEqual(['expired', 'wrong', 'wrong']);
  });

  it('does not create an entry when appending to a missing one', async () => {
    expect(
      await log.recordWarning(dummyTenantId, dummyAlice.aadObjectId, dummyChatThreadId, {
        at: 1,
        delivered: true,
      }),
    ).toBe(false);
    expect(
      await log.recordVerificationAttempt(dummyTenantId, dummyAlice.aadObjectId, dummyChatThreadId, {
        at: 1,
        outcome: 'ok',
      }),
    ).toBe(false);
    expect(await log.get(dummyTenantId, dummyAlice.aadObjectId, dummyChatThreadId)).toBeUndefined();
  });

  it('lists recent entries since a time, newest first, at most 20', async () => {
    for (let i = 0; i < 25; i += 1) {
      await log.record(dummyFirstContact({ chatThreadId: thread(i), observedAt: dummyStart - i * 60_000 }));
    }
    await log.record(dummyFirstContact({ chatThreadId: thread(99), recipientId: dummyBob.aadObjectId }));

    const recent = await log.recent(dummyTenantId, dummyAlice.aadObjectId, dummyStart - 5 * 60_000);
    const all = await log.recent(dummyTenantId, dummyAlice.aadObjectId, 0);

    expect(recent.map((e) => e.chatThreadId)).toEqual([0, 1, 2, 3, 4, 5].map(thread));
    expect(all).toHaveLength(20);
    expect(all[0].chatThreadId).toBe(thread(0));
  });

  it('finds other users contacted by the same sender UPN or tenant', async () => {
    await log.record(dummyFirstContact());
    await log.record(
      dummyFirstContact({
        recipientId: dummyBob.aadObjectId,
        recipientUpn: dummyBob.upn,
        chatThreadId: thread(1),
        observedAt: dummyStart - 1_000,
      }),
    );
    // Same tenant, another sender account.
    await log.record(
      dummyFirstContact({
        recipientId: 'c0c00000-0000-4000-8000-000000000009',
        recipientUpn: undefined,
        chatThreadId: thread(2),
        observedAt: dummyStart - 500,
        sender: { ...dummySender, upn: 'security@helpdesk-x.onmicrosoft.com' },
      }),
    );
    // Another tenant altogether.
    await log.record(
      dummyFirstContact({
        chatThreadId: thread(3),
        sender: {
          displayName: 'Partner',
          upn: 'p@fabrikam.com',
          tenantId: 'fab00000-0000-4000-8000-000000000000',
        },
      }),
    );

    const contacts = await log.bySender(dummyTenantId, dummySender, 0);

    expect(contacts).toEqual([
      {
        recipientId: 'c0c00000-0000-4000-8000-000000000009',
        chatThreadId: thread(2),
        observedAt: dummyStart - 500,
      },
      {
        recipientId: dummyBob.aadObjectId,
        recipientUpn: dummyBob.upn,
        chatThreadId: thread(1),
        observedAt: dummyStart - 1_000,
      },
      {
        recipientId: dummyAlice.aadObjectId,
        recipientUpn: dummyAlice.upn,
        chatThreadId: dummyChatThreadId,
        observedAt: dummyFirstContact().observedAt,
      },
    ]);
    expect(
      await log.bySender(dummyTenantId, { displayName: 'No identity', upn: null, tenantId: null }, 0),
    ).toEqual([]);
  });

  it('forgets entries after the retention', async () => {
    let now = dummyStart;
    const short = make(() => now, DAY);
    await short.record(dummyFirstContact({ observedAt: now }));
    now += DAY + 1;

    // Memory expires the entry; Redis trims the index on the next write (its TTL is wall-clock).
    await short.record(dummyFirstContact({ chatThreadId: thread(1), observedAt: now }));

    expect((await short.recent(dummyTenantId, dummyAlice.aadObjectId, 0)).map((e) => e.chatThreadId)).toEqual(
      [thread(1)],
    );
  });
});

describe.each(redisKinds)('RedisFirstContactLog keys ($name)', ({ shared }) => {
  it("keeps a tenant's keys under the hg:{fc:<tenant>}: tag (one slot), with a TTL no longer than the retention", async () => {
    const redis = await shared();
    await redis.flushDb();
    const log = new RedisFirstContactLog(redis, () => dummyStart, DAY);
    await log.record(dummyFirstContact());
    await log.recordWarning(dummyTenantId, dummyAlice.aadObjectId, dummyChatThreadId, {
      at: 1,
      delivered: true,
    });

    const keys = await redis.keys('*');
    expect(keys.sort()).toEqual(
      [
        `hg:{fc:${dummyTenantId}}:entry:${dummyAlice.aadObjectId}:${dummyChatThreadId}`,
        `hg:{fc:${dummyTenantId}}:sender:tenant:${dummySender.tenantId}`,
        `hg:{fc:${dummyTenantId}}:sender:upn:${dummySender.upn}`,
        `hg:{fc:${dummyTenantId}}:user:${dummyAlice.aadObjectId}`,
      ].sort(),
    );
    for (const key of keys) {
      const ttl = await redis.pTTL(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(DAY);
    }
  });
});
