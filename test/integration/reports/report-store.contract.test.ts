import { MemoryReportStore } from '../../../src/reports/memory-report-store';
import { RedisReportStore } from '../../../src/reports/redis-report-store';
import type { AddReporterInput, ReportStore } from '../../../src/reports/report-store';
import { redisKindsUnderTest } from '../../support/redis';
import {
  dummyAlice,
  dummyAnalyst,
  dummyBob,
  dummyChatThreadId,
  dummyOtherThreadId,
  dummySender,
  dummyStart,
  dummyTenantId,
} from '../../unit/src/reports/fake-report-deps';

const redisKinds = redisKindsUnderTest();

let ids = 0;
const add = (overrides: Partial<AddReporterInput> = {}): AddReporterInput => ({
  tenantId: dummyTenantId,
  chatThreadId: dummyChatThreadId,
  newReportId: `rpt-${(ids += 1)}`,
  reporter: {
    aadObjectId: dummyAlice.aadObjectId,
    upn: dummyAlice.upn,
    name: dummyAlice.name,
    at: dummyStart,
  },
  sender: dummySender,
  firstSeen: dummyStart - 60_000,
  ...overrides,
});
const bob = {
  aadObjectId: dummyBob.aadObjectId,
  upn: dummyBob.upn,
  name: dummyBob.name,
  at: dummyStart + 1_000,
};
const triage = (decision: 'malicious' | 'benign' | 'remove' = 'malicious') => ({
  by: dummyAnalyst,
  at: dummyStart + 5_000,
  decision,
});

/** One contract, memory and Redis (one server, a Cluster: the report's keys must share a slot). */
describe.each([
  { kind: 'memory', make: async (): Promise<ReportStore> => new MemoryReportStore() },
  ...redisKinds.map(({ name, shared }) => ({
    kind: `redis (${name})`,
    make: async (): Promise<ReportStore> => {
      const redis = await shared();
      await redis.flushDb();
      return new RedisReportStore(redis);
    },
  })),
])('ReportStore contract: $kind', ({ make }) => {
  let store: ReportStore;

  beforeEach(async () => {
    store = await make();
  });

  it('creates a report on the first reporter, and finds it by ID and by thread', async () => {
    const input = add();

    const result = await store.addReporter(input);

    const expected = {
      reportId: input.newReportId,
      tenantId: dummyTenantId,
      chatThreadId: dummyChatThreadId,
      sender: dummySender,
      firstSeen: dummyStart - 60_000,
      createdAt: dummyStart,
      reporters: [input.reporter],
      status: 'open',
    };
    expect(result).toEqual({ report: expected, created: true, added: true, checkedNow: false });
    expect(await store.get(input.newReportId)).toEqual(expected);
    expect(await store.findByThread(dummyTenantId.toUpperCase(), dummyChatThreadId)).toEqual(expected);
  });

  it('keeps one report per chat: a later reporter joins it and the new ID is unused', async () => {
    const first = await store.addReporter(add());
    const laterInput = add({ reporter: bob });

    const later = await store.addReporter(laterInput);

    expect(later).toMatchObject({ created: false, added: true, report: { reportId: first.report.reportId } });
    expect(later.report.reporters.map((r) => r.aadObjectId)).toEqual([
      dummyAlice.aadObjectId,
      dummyBob.aadObjectId,
    ]);
    expect(await store.get(laterInput.newReportId)).toBeUndefined();
  });

  it('lists a reporter once however often they report', async () => {
    await store.addReporter(add());

    const again = await store.addReporter(add({ reporter: { ...add().reporter, at: dummyStart + 9_000 } }));

    expect(again).toMatchObject({ created: false, added: false });
    expect(again.report.reporters).toEqual([add().reporter]);
  });

  it('makes one report with one reporter from simultaneous reports by the same user', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => store.addReporter(add())));

    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results.filter((r) => r.added)).toHaveLength(1);
    expect(new Set(results.map((r) => r.report.reportId)).size).toBe(1);
    expect((await store.findByThread(dummyTenantId, dummyChatThreadId))?.reporters).toHaveLength(1);
  });

  it('makes one report with both reporters from simultaneous reports by different users', async () => {
    const results = await Promise.all([store.addReporter(add()), store.addReporter(add({ reporter: bob }))]);

    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results.every((r) => r.added)).toBe(true);
    expect(results[0].report.reportId).toBe(results[1].report.reportId);
    const stored = await store.findByThread(dummyTenantId, dummyChatThreadId);
    expect(stored?.reporters.map((r) => r.aadObjectId).sort()).toEqual(
      [dummyAlice.aadObjectId, dummyBob.aadObjectId].sort(),
    );
  });

  it('keeps chats and tenants apart', async () => {
    const a = await store.addReporter(add());
    const b = await store.addReporter(add({ chatThreadId: dummyOtherThreadId }));
    const c = await store.addReporter(add({ tenantId: '0ther000-0000-4000-8000-000000000000' }));

    expect(new Set([a, b, c].map((r) => r.report.reportId)).size).toBe(3);
    expect([a, b, c].every((r) => r.created)).toBe(true);
  });

  it('fills in a missing sender from a later reporter, but never replaces one', async () => {
    await store.addReporter(add({ sender: undefined, firstSeen: undefined }));
    const filled = await store.addReporter(add({ reporter: bob }));
    const kept = await store.addReporter(
      add({
        reporter: { ...bob, aadObjectId: 'c0c00000-0000-4000-8000-000000000009' },
        sender: { displayName: 'Other', upn: null, tenantId: null },
      }),
    );

    expect(filled.report.sender).toEqual(dummySender);
    expect(filled.report.firstSeen).toBe(dummyStart - 60_000);
    expect(kept.report.sender).toEqual(dummySender);
  });

  it('stores whether each reporter was checked', async () => {
    await store.addReporter(add({ reporter: { ...add().reporter, checked: true } }));

    const later = await store.addReporter(add({ reporter: { ...bob, checked: false } }));

    expect(later.report.reporters.map((r) => [r.aadObjectId, r.checked])).toEqual([
      [dummyAlice.aadObjectId, true],
      [dummyBob.aadObjectId, false],
    ]);
  });

  it('marks an unchecked reporter checked on a checked repeat, once, changing nothing else of theirs', async () => {
    // A name cjson must give back byte for byte, and an epoch-ms time it must not round.
    const zoe = {
      aadObjectId: dummyBob.aadObjectId,
      name: 'Zo\u00eb \u00abOps\u00bb / \ud83d\udee1 "x"',
      at: dummyStart + 1_234,
    };
    await store.addReporter(add({ reporter: { ...zoe, checked: false } }));

    const upgraded = await store.addReporter(
      add({ reporter: { ...zoe, at: dummyStart + 9_000, checked: true } }),
    );
    const again = await store.addReporter(
      add({ reporter: { ...zoe, at: dummyStart + 9_999, checked: true } }),
    );

    expect(upgraded).toMatchObject({ created: false, added: false, checkedNow: true });
    expect(again).toMatchObject({ added: false, checkedNow: false });
    expect((await store.findByThread(dummyTenantId, dummyChatThreadId))?.reporters).toEqual([
      { ...zoe, checked: true },
    ]);
  });

  it('marks a reporter stored without the flag checked on a checked repeat', async () => {
    await store.addReporter(add());

    const repeat = await store.addReporter(add({ reporter: { ...add().reporter, checked: true } }));

    expect(repeat.checkedNow).toBe(true);
    expect(repeat.report.reporters).toEqual([{ ...add().reporter, checked: true }]);
  });

  it('never marks a checked reporter unchecked', async () => {
    await store.addReporter(add({ reporter: { ...add().reporter, checked: true } }));

    const repeat = await store.addReporter(add({ reporter: { ...add().reporter, checked: false } }));

    expect(repeat).toMatchObject({ added: false, checkedNow: false });
    expect(repeat.report.reporters[0].checked).toBe(true);
  });

  it('triages an open report once', async () => {
    const { report } = await store.addReporter(add({ campaignId: 'cmp-1' }));

    const result = await store.triage(report.reportId, triage());

    expect(result).toEqual({
      ok: true,
      report: { ...report, status: 'malicious', triage: triage() },
    });
    expect(await store.get(report.reportId)).toMatchObject({ status: 'malicious', campaignId: 'cmp-1' });
  });

  it('refuses a second triage with the decision that stands', async () => {
    const { report } = await store.addReporter(add());
    await store.triage(report.reportId, triage('benign'));

    const second = await store.triage(report.reportId, triage('malicious'));

    expect(second).toMatchObject({
      ok: false,
      reason: 'already_triaged',
      report: { status: 'benign', triage: { decision: 'benign' } },
    });
  });

  it('lets exactly one of simultaneous triages win', async () => {
    const { report } = await store.addReporter(add());

    const results = await Promise.all([
      store.triage(report.reportId, triage('malicious')),
      store.triage(report.reportId, triage('benign')),
      store.triage(report.reportId, triage('remove')),
    ]);

    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const winner = results.find((r) => r.ok);
    expect((await store.get(report.reportId))?.triage).toEqual(winner?.ok && winner.report.triage);
  });

  it('answers not_found when triaging an unknown report', async () => {
    expect(await store.triage('rpt-unknown', triage())).toEqual({ ok: false, reason: 'not_found' });
  });

  it('records how removals went, only on a triaged report', async () => {
    const { report } = await store.addReporter(add());
    expect((await store.recordRemoval(report.reportId, true))?.triage).toBeUndefined();
    await store.triage(report.reportId, triage('remove'));

    const updated = await store.recordRemoval(report.reportId, false);

    expect(updated?.triage).toEqual({ ...triage('remove'), removedForUser: false });
    expect(await store.recordRemoval('rpt-unknown', true)).toBeUndefined();
  });

  it('remembers the security card activity ID', async () => {
    const { report } = await store.addReporter(add());

    const updated = await store.setSecurityCardActivityId(report.reportId, '1:activity-xyz');

    expect(updated?.securityCardActivityId).toBe('1:activity-xyz');
    expect((await store.get(report.reportId))?.securityCardActivityId).toBe('1:activity-xyz');
    expect(await store.setSecurityCardActivityId('rpt-unknown', 'x')).toBeUndefined();
  });

  it('returns copies: changing a result changes nothing stored', async () => {
    const { report } = await store.addReporter(add());
    report.reporters.push(bob);
    report.status = 'benign';

    expect(await store.get(report.reportId)).toMatchObject({ status: 'open', reporters: [add().reporter] });
  });
});

describe.each(redisKinds)('RedisReportStore keys ($name)', ({ shared }) => {
  it('keeps every key of a report under the hg:{reports}: tag (one slot) and gives each a TTL', async () => {
    const redis = await shared();
    await redis.flushDb();
    const { report } = await new RedisReportStore(redis, 60_000).addReporter(add());

    const keys = (await redis.keys('*')).sort();
    expect(keys).toEqual([
      `hg:{reports}:chat:${dummyTenantId}:${dummyChatThreadId}`,
      `hg:{reports}:chat:${dummyTenantId}:${dummyChatThreadId}:reporters`,
      `hg:{reports}:id:${report.reportId}`,
    ]);
    for (const key of keys) expect(await redis.pTTL(key)).toBeGreaterThan(0);
  });
});
