import {
  anyStaffDirectory,
  createGroupStaffDirectory,
  createStaticStaffDirectory,
  type GroupMembershipClient,
} from '../../../../src/verification/staff-directory';
import { dummyAlice, dummyStaff, dummyTenantId } from './fake-verification-deps';

const dummyGroupId = '5e1f0000-0000-4000-8000-00000000aaaa';

/** A Graph stand-in: members of one group, counting calls. */
const fakeGraph = (members: string[]) => {
  const calls: Array<[string, string]> = [];
  const graph: GroupMembershipClient & { calls: typeof calls; fail?: Error } = {
    calls,
    isMemberOfGroup: async (userId, groupId) => {
      calls.push([userId, groupId]);
      if (graph.fail) throw graph.fail;
      return groupId === dummyGroupId && members.includes(userId);
    },
  };
  return graph;
};

describe('createStaticStaffDirectory', () => {
  const directory = createStaticStaffDirectory({
    ids: [` ${dummyStaff.aadObjectId.toUpperCase()} `, ''],
    tenantId: dummyTenantId,
  });

  it('knows listed IDs, whatever their case', async () => {
    expect(await directory.isStaff(dummyTenantId, dummyStaff.aadObjectId)).toBe(true);
  });

  it('does not know anyone else', async () => {
    expect(await directory.isStaff(dummyTenantId, dummyAlice.aadObjectId)).toBe(false);
  });

  it('refuses a listed ID seen from another tenant', async () => {
    expect(await directory.isStaff('11111111-2222-4333-8444-555555555555', dummyStaff.aadObjectId)).toBe(
      false,
    );
  });
});

describe('createGroupStaffDirectory', () => {
  const build = (graph: GroupMembershipClient, clock: { now: number }) =>
    createGroupStaffDirectory({
      graph,
      groupId: dummyGroupId,
      tenantId: dummyTenantId,
      ttlMs: 60_000,
      clock: () => clock.now,
    });

  it('asks Graph about group membership', async () => {
    const graph = fakeGraph([dummyStaff.aadObjectId]);
    const directory = build(graph, { now: 0 });

    expect(await directory.isStaff(dummyTenantId, dummyStaff.aadObjectId)).toBe(true);
    expect(await directory.isStaff(dummyTenantId, dummyAlice.aadObjectId)).toBe(false);
    expect(graph.calls).toEqual([
      [dummyStaff.aadObjectId, dummyGroupId],
      [dummyAlice.aadObjectId, dummyGroupId],
    ]);
  });

  it('reuses an answer within the TTL and asks again after it', async () => {
    const graph = fakeGraph([dummyStaff.aadObjectId]);
    const clock = { now: 0 };
    const directory = build(graph, clock);

    await directory.isStaff(dummyTenantId, dummyStaff.aadObjectId);
    clock.now = 59_999;
    await directory.isStaff(dummyTenantId, dummyStaff.aadObjectId);
    clock.now = 60_000;
    await directory.isStaff(dummyTenantId, dummyStaff.aadObjectId);

    expect(graph.calls).toHaveLength(2);
  });

  it('makes one Graph call for simultaneous questions about one user', async () => {
    const graph = fakeGraph([dummyStaff.aadObjectId]);
    const directory = build(graph, { now: 0 });

    const answers = await Promise.all(
      [1, 2, 3].map(() => directory.isStaff(dummyTenantId, dummyStaff.aadObjectId)),
    );

    expect(answers).toEqual([true, true, true]);
    expect(graph.calls).toHaveLength(1);
  });

  it('rejects when Graph fails, and does not cache the failure', async () => {
    const graph = fakeGraph([dummyStaff.aadObjectId]);
    const directory = build(graph, { now: 0 });
    graph.fail = new Error('graph unavailable');

    await expect(directory.isStaff(dummyTenantId, dummyStaff.aadObjectId)).rejects.toThrow(
      'graph unavailable',
    );
    graph.fail = undefined;
    expect(await directory.isStaff(dummyTenantId, dummyStaff.aadObjectId)).toBe(true);
  });

  it('answers no for another tenant without asking Graph', async () => {
    const graph = fakeGraph([dummyStaff.aadObjectId]);
    const directory = build(graph, { now: 0 });

    expect(await directory.isStaff('11111111-2222-4333-8444-555555555555', dummyStaff.aadObjectId)).toBe(
      false,
    );
    expect(graph.calls).toEqual([]);
  });
});

describe('anyStaffDirectory', () => {
  it('is staff when any directory says so, asking the next only when needed', async () => {
    const graph = fakeGraph([dummyAlice.aadObjectId]);
    const directory = anyStaffDirectory(
      createStaticStaffDirectory({ ids: [dummyStaff.aadObjectId] }),
      createGroupStaffDirectory({ graph, groupId: dummyGroupId, tenantId: dummyTenantId }),
    );

    expect(await directory.isStaff(dummyTenantId, dummyStaff.aadObjectId)).toBe(true);
    expect(graph.calls).toEqual([]);
    expect(await directory.isStaff(dummyTenantId, dummyAlice.aadObjectId)).toBe(true);
    expect(await directory.isStaff(dummyTenantId, '0000aaaa-0000-4000-8000-000000000000')).toBe(false);
  });
});
