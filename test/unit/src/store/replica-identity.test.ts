import { silentLogger } from '../../../../src/log/logger';
import { createLease } from '../../../../src/store/lease';
import { MemoryKeyValueStore } from '../../../../src/store/memory';
import { holdReplicaId, type ReplicaIdHold } from '../../../../src/store/replica-identity';
import { fakeLog } from '../../../support/fake-log';

const LEASE_MS = 80;

describe('holdReplicaId', () => {
  let store: MemoryKeyValueStore;
  const holds: ReplicaIdHold[] = [];
  const hold = async (id: string) => {
    const held = await holdReplicaId({ dedupe: store, id, log: silentLogger(), leaseMs: LEASE_MS });
    holds.push(held);
    return held;
  };

  beforeEach(() => {
    store = new MemoryKeyValueStore();
  });
  afterEach(async () => {
    await Promise.all(holds.splice(0).map((held) => held.release()));
  });

  it('refuses a second live process with the same REPLICA_ID, naming the setting', async () => {
    await hold('bot-0');
    await expect(hold('bot-0')).rejects.toMatchObject({
      code: 'config_invalid',
      message: expect.stringContaining("REPLICA_ID 'bot-0' is in use by another live replica"),
    });
    // Other IDs are not affected.
    await expect(hold('bot-1')).resolves.toBeDefined();
  });

  it('takes over the ID of a process that died without releasing it, once its hold lapses', async () => {
    // The dead process held one period and never renewed it (a SIGKILL).
    const dead = createLease({
      dedupe: store,
      key: 'replica-id:bot-0',
      leaseMs: LEASE_MS,
      owner: 'dead',
      now: Date.now,
    });
    expect(await dead.maintain()).toBe(true);

    await expect(hold('bot-0')).resolves.toBeDefined();
  });

  it('hands the ID on at once after a release (a graceful restart)', async () => {
    const first = await hold('bot-0');
    await first.release();
    const logged = fakeLog();
    holds.push(await holdReplicaId({ dedupe: store, id: 'bot-0', log: logged.logger, leaseMs: LEASE_MS }));
    // No wait for a lapse: nothing was left held.
    expect(logged.lines.filter((line) => line.includes('still held'))).toEqual([]);
  });
});
