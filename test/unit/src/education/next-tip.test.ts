import { nextTip } from '../../../../src/education/next-tip';
import { MemoryKeyValueStore } from '../../../../src/store/memory';

const alice = { tenantId: 't', aadObjectId: 'alice' };
const bob = { tenantId: 't', aadObjectId: 'bob' };

describe('nextTip', () => {
  it('walks through every tip, then starts over', async () => {
    const kv = new MemoryKeyValueStore();
    const seen: number[] = [];
    for (let i = 0; i < 4; i += 1) seen.push((await nextTip(kv, alice, 3)).number);

    expect(seen).toEqual([1, 2, 3, 1]);
  });

  it('keeps a separate position per user', async () => {
    const kv = new MemoryKeyValueStore();
    await nextTip(kv, alice, 3);

    expect(await nextTip(kv, bob, 3)).toEqual({ number: 1, total: 3 });
  });

  it('refuses an empty list', async () => {
    await expect(nextTip(new MemoryKeyValueStore(), alice, 0)).rejects.toThrow('at least one tip');
  });
});
