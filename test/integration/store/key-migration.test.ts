/**
 * An earlier version wrote keys that now carry hash tags (hg:events:outbox is now
 * hg:{events}:outbox, ...). Upgrading a standalone deployment must lose nothing: the
 * data is written with today's stores, moved back to the old names (as the old version
 * had them), and the migration must give back exactly what was there, TTLs, consumer
 * groups and pending entries included.
 */
import { RedisOutbox } from '../../../src/events/outbox/redis-outbox';
import { RedisFirstContactLog } from '../../../src/reports/redis-first-contact-log';
import { RedisReportStore } from '../../../src/reports/redis-report-store';
import { HASH_TAG_MIGRATION_KEY, migrateToHashTags } from '../../../src/store/redis-key-migration';
import { openStores } from '../../../src/store/stores';
import { RedisSenderListStore } from '../../../src/verdicts';
import { RedisVerificationStore } from '../../../src/verification/redis-verification-store';
import { fakeLog } from '../../support/fake-log';
import { connectTestRedis, testRedisUrl, type TestRedis } from '../../support/redis';
import { dummyEvents } from '../../unit/src/events/dummy-events';
import * as reports from '../../unit/src/reports/fake-report-deps';
import { dummyEntry, dummyNow } from '../../unit/src/verdicts/dummy-entries';

const T = reports.dummyTenantId;
const ALICE = reports.dummyAlice.aadObjectId;
const THREAD = reports.dummyChatThreadId;
const [CODE, OWNER, CHALLENGE] = ['aa'.repeat(32), 'bb'.repeat(32), 'cc'.repeat(32)];

/** What the earlier version called each key (its key functions, as they were). */
const OLD_NAMES = [
  'hg:events:dlq:splunk',
  'hg:events:outbox',
  `hg:fc:entry:${T}:${ALICE}:${THREAD}`,
  `hg:fc:sender:${T}:tenant:${reports.dummySender.tenantId}`,
  `hg:fc:sender:${T}:upn:${reports.dummySender.upn}`,
  `hg:fc:user:${T}:${ALICE}`,
  `hg:report:chat:${T}:${THREAD}`,
  `hg:report:chat:${T}:${THREAD}:reporters`,
  'hg:report:id:rpt-1',
  'hg:senderlist:added:block',
  'hg:senderlist:entries',
  'hg:senderlist:expiry',
  `hg:verify:challenge:${CHALLENGE}`,
  `hg:verify:code:${CODE}`,
  `hg:verify:owner:${OWNER}`,
].sort();

/** One of everything whose keys were renamed, written by today's stores. */
const writeEverything = async (redis: TestRedis): Promise<void> => {
  const outbox = new RedisOutbox(redis, ['splunk'], 60_000);
  for (const event of dummyEvents(3)) await outbox.append(event);
  await outbox.read('splunk', 'replica-a', 1, 0);
  await outbox.deadLetter('splunk', await outbox.read('splunk', 'replica-a', 1, 0), 'HTTP 503', 12);
  await outbox.close();
  await new RedisFirstContactLog(redis, () => reports.dummyStart).record(reports.dummyFirstContact());
  await new RedisReportStore(redis).addReporter({
    tenantId: T,
    chatThreadId: THREAD,
    newReportId: 'rpt-1',
    reporter: { ...reports.dummyAlice, at: reports.dummyStart },
  });
  const verification = new RedisVerificationStore(redis);
  const code = {
    digest: CODE,
    tenantId: T,
    userObjectId: ALICE,
    issuerObjectId: 'staff',
    issuerName: 'Dana',
  };
  await verification.saveCode({ ...code, issuedAt: 1, expiresAt: 2 }, OWNER, 600_000);
  await verification.saveChallenge(
    { digest: CHALLENGE, tenantId: T, userObjectId: ALICE, issuedAt: 1, expiresAt: 2 },
    600_000,
  );
  await new RedisSenderListStore(redis).put(dummyEntry({ expiresAt: dummyNow + 86_400_000 }));
};

/** The old name of a key today's stores wrote, and the value fix of the report ID index. */
const oldNameOf = (key: string): string =>
  key
    .replace(/^hg:\{events\}:/, 'hg:events:')
    .replace(/^hg:\{fc:([^}]+)\}:([a-z]+):/, 'hg:fc:$2:$1:')
    .replace(/^hg:\{reports\}:/, 'hg:report:')
    .replace(/^hg:\{verify\}:/, 'hg:verify:')
    .replace(/^hg:\{senderlist\}:/, 'hg:senderlist:');

const downgrade = async (redis: TestRedis): Promise<void> => {
  for (const key of await redis.keys('hg:*')) {
    if (key.startsWith('hg:{reports}:id:'))
      await redis.send(key, ['SET', key, oldNameOf((await redis.get(key)) ?? ''), 'KEEPTTL']);
    if (oldNameOf(key) !== key) await redis.send(key, ['RENAME', key, oldNameOf(key)]);
  }
};

/** Every key with its serialised value (DUMP: groups and pending entries of a stream too) and TTL. */
const snapshot = async (redis: TestRedis) => {
  const keys = (await redis.keys('hg:*')).sort();
  return Promise.all(
    keys.map(async (key) => ({
      key,
      value: await redis.send(key, ['DUMP', key]),
      ttl: Number(await redis.pTTL(key)),
    })),
  );
};

describe('hash-tag key migration on one Redis server', () => {
  let redis: TestRedis;
  const { logger, lines } = fakeLog();
  beforeEach(async () => {
    redis = await connectTestRedis();
  });
  afterEach(() => redis.destroy());

  it('gives every key of an earlier version back under its new name, value, TTL and stream state intact', async () => {
    await writeEverything(redis);
    const before = await snapshot(redis);
    await downgrade(redis);
    expect((await redis.keys('hg:*')).sort()).toEqual(OLD_NAMES);

    const result = await migrateToHashTags(redis, logger);

    const after = await snapshot(redis);
    expect(result).toEqual({ moved: OLD_NAMES.length - 1, conflicts: 0 });
    expect(after.map(({ key, value }) => ({ key, value }))).toEqual(
      [
        ...before.map(({ key, value }) => ({ key, value })),
        { key: HASH_TAG_MIGRATION_KEY, value: expect.anything() },
      ].sort((a, b) => (a.key < b.key ? -1 : 1)),
    );
    for (const { key, ttl } of before) {
      const now = after.find((entry) => entry.key === key)!.ttl;
      expect(ttl === -1 ? now === -1 : now > 0 && now <= ttl).toBe(true);
    }
  });

  it("lets the stores go on where the old version stopped: a replica's pending events, a report by its ID", async () => {
    await writeEverything(redis);
    await downgrade(redis);

    await migrateToHashTags(redis, logger);

    const outbox = new RedisOutbox(redis, ['splunk'], 60_000);
    expect((await outbox.recover('splunk', 'replica-a', 10)).map((entry) => entry.deliveries)).toEqual([2]);
    expect(await outbox.read('splunk', 'replica-b', 10, 0)).toHaveLength(1);
    expect(await outbox.deadLetters('splunk', 10)).toHaveLength(1);
    await outbox.close();
    expect((await new RedisReportStore(redis).get('rpt-1'))?.chatThreadId).toBe(THREAD);
    expect((await new RedisVerificationStore(redis).findCodeOwner(OWNER)) ?? '').toBe(ALICE);
  });

  it('leaves an old key alone when its new name exists too, and says so without naming it', async () => {
    await redis.set('hg:report:id:rpt-9', 'hg:report:chat:old');
    await redis.set('hg:{reports}:id:rpt-9', 'hg:{reports}:chat:new');

    const result = await migrateToHashTags(redis, logger);

    expect(result).toEqual({ moved: 0, conflicts: 1 });
    expect(await redis.get('hg:report:id:rpt-9')).toBe('hg:report:chat:old');
    expect(await redis.get('hg:{reports}:id:rpt-9')).toBe('hg:{reports}:chat:new');
    expect(lines.join('')).toContain('left in place');
    expect(lines.join('')).not.toContain('rpt-9');
    // Not done: the next start looks again.
    expect(await redis.exists(HASH_TAG_MIGRATION_KEY)).toBe(0);
  });

  it('runs once: a second start finds it done and scans nothing', async () => {
    expect(await migrateToHashTags(redis, logger)).toEqual({ moved: 0, conflicts: 0 });
    await redis.set('hg:events:dlq:late', 'x');

    expect(await migrateToHashTags(redis, logger)).toEqual({ moved: 0, conflicts: 0 });
    expect(await redis.exists('hg:events:dlq:late')).toBe(1);
  });

  it('is run by openStores before any store is used', async () => {
    await writeEverything(redis);
    await downgrade(redis);

    const stores = await openStores(testRedisUrl(), logger);
    await stores.close();

    expect((await redis.keys('hg:*')).filter((key) => OLD_NAMES.includes(key))).toEqual([
      `hg:verify:challenge:${CHALLENGE}`,
    ]);
  });
});
