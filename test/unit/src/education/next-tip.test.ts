import { nextTip } from '../../../../src/education/next-tip';
import { MemoryKeyValueStore } from '../../../../src/store/memory';

const alice = { tenantId: 't', aadObjectId: 'alice' };
const bob = { tenantId: 't', aadObjectId: 'bob' };
const dummyTips = ['one', 'two', 'three'];

describe('nextTip', () => {
  it('walks through every tip, then starts over', async () => {
    const kv = new MemoryKeyValueStore();
    const seen: string[] = [];
    for (let i = 0; i < 4; i += 1) seen.push((await nextTip(kv, alice, dummyTips)).text);

    expect(seen).toEqual(['one', 'two', 'three', 'one']);
  });

  it('keeps a separate position per user', async () => {
    const kv = new MemoryKeyValueStore();
    await nextTip(kv, alice, dummyTips);

    expect(await nextTip(kv, bob, dummyTips)).toEqual({ number: 1, total: 3, text: 'one' });
  });

  it('refuses an empty list', async () => {
    await expect(nextTip(new MemoryKeyValueStore(), alice, [])).rejects.toThrow('at least one tip');
  });
});
