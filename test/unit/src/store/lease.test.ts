import { fencedWriter } from '../../../../src/store/fenced';
import { createLease, type Lease } from '../../../../src/store/lease';
import { MemoryFencedStore, MemoryKeyValueStore } from '../../../../src/store/memory';

const leaseMs = 60_000;

describe('createLease', () => {
  let clock: number;
  let store: MemoryKeyValueStore;
  const leaseFor = (owner: string): Lease =>
    createLease({ dedupe: store, key: 'dummy-lease', leaseMs, owner, now: () => clock });

  beforeEach(() => {
    // The start of a period, so each test knows where the halves fall.
    clock = 1_000 * leaseMs;
    store = new MemoryKeyValueStore(() => clock);
  });

  it('is held by the first replica to ask, not by the second', async () => {
    const a = leaseFor('replica-a');
    const b = leaseFor('replica-b');

    expect(await a.maintain()).toBe(true);
    expect(await b.maintain()).toBe(false);
    expect([a.held(), b.held()]).toEqual([true, false]);
  });

  it('stays with a holder that maintains it every half period, however long', async () => {
    const a = leaseFor('replica-a');
    const b = leaseFor('replica-b');
    await a.maintain();

    const heldByB: boolean[] = [];
    for (let step = 0; step < 10; step += 1) {
      clock += leaseMs / 2;
      await a.maintain();
      heldByB.push(await b.maintain());
    }

    expect(a.held()).toBe(true);
    expect(heldByB.every((held) => !held)).toBe(true);
  });

  it('fences a holder that was paused past its lease: its token is lower, its writes are refused', async () => {
    const fenced = new MemoryFencedStore();
    const a = leaseFor('replica-a');
    const b = leaseFor('replica-b');
    await a.maintain();
    const tokenOfA = a.token();
    expect(tokenOfA).toBeDefined();

    // A stalls for three periods (a GC pause, a frozen VM); B takes over and writes.
    clock += 3 * leaseMs;
    expect(await b.maintain()).toBe(true);
    expect(b.token()!).toBeGreaterThan(tokenOfA!);
    await fencedWriter(fenced, () => b.token(), 'state')('watermark', 'from b');

    // A wakes up: by its own clock it holds nothing now, so it gets no token to write with;
    // and a write it had started with its old token is refused by the store itself.
    expect(a.token()).toBeUndefined();
    const stale = fencedWriter(fenced, () => tokenOfA, 'state')('watermark', 'from a');
    await expect(stale).rejects.toMatchObject({ code: 'lease_lost' });
    expect(await fenced.get('watermark')).toBe('from b');
  });

  it('goes to another replica within two periods after the holder stops maintaining it', async () => {
    const a = leaseFor('replica-a');
    const b = leaseFor('replica-b');
    await a.maintain();
    clock += (3 * leaseMs) / 4;
    await a.maintain(); // claims the next period too, then dies
    const diedAt = clock;

    let takenAt: number | undefined;
    while (takenAt === undefined && clock < diedAt + 3 * leaseMs) {
      clock += leaseMs / 4;
      if (await b.maintain()) takenAt = clock;
    }

    expect(takenAt).toBeDefined();
    expect(takenAt! - diedAt).toBeLessThanOrEqual(2 * leaseMs);
    expect(a.held()).toBe(false);
  });

  it('goes to another replica at its next attempt once released', async () => {
    const a = leaseFor('replica-a');
    const b = leaseFor('replica-b');
    await a.maintain();
    clock += (3 * leaseMs) / 4;
    await a.maintain();

    await a.release();

    expect(await b.maintain()).toBe(true);
    expect(a.held()).toBe(false);
  });
});
