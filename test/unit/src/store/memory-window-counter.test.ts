/**
 * The memory window counter against the plain definition of a sliding window (what Redis
 * does with ZADD, ZREMRANGEBYSCORE -inf at-window and ZCARD): random adds and reads, times
 * out of order, members seen again; every count and member list must agree.
 */
import fc from 'fast-check';
import { MemoryWindowCounter } from '../../../../src/store/memory';

type Op =
  { kind: 'add'; key: string; member: string; at: number } | { kind: 'members'; key: string; at: number };

/** The definition: every member's last time, forgotten once at or before a cutoff. */
class ModelWindows {
  private readonly windows = new Map<string, Map<string, number>>();
  add(key: string, member: string, windowMs: number, at: number): number {
    const window = this.windows.get(key) ?? new Map<string, number>();
    this.windows.set(key, window);
    window.set(member, at);
    return this.prune(window, at - windowMs).size;
  }
  members(key: string, windowMs: number, at: number): string[] {
    const window = this.windows.get(key);
    return window ? [...this.prune(window, at - windowMs).keys()] : [];
  }
  private prune(window: Map<string, number>, cutoff: number): Map<string, number> {
    for (const [member, seen] of window) if (seen <= cutoff) window.delete(member);
    return window;
  }
}

const WINDOW_MS = 1_000;
/** Any time, or one on a grid of quarter windows: a member exactly a window old is common. */
const time = fc.oneof(
  fc.integer({ min: 0, max: 5_000 }),
  fc.integer({ min: 0, max: 20 }).map((n) => n * 250),
);

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      key: fc.constantFrom('tenant:a', 'tenant:b'),
      member: fc.constantFrom(...Array.from({ length: 12 }, (_, i) => `u${i}`)),
      at: time,
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('members' as const),
      key: fc.constantFrom('tenant:a', 'tenant:b', 'tenant:c'),
      at: time,
    }),
    weight: 1,
  },
);

/** Mostly rising times, as contacts come, with a jitter that sends some back. */
const rising = (ops: Op[]): Op[] => ops.map((o, i) => ({ ...o, at: i * 37 + (o.at % 400) - 200 }));

describe('MemoryWindowCounter', () => {
  it.each([
    ['times in any order', (ops: Op[]) => ops],
    ['times rising with jitter', rising],
  ])('counts and lists what the definition does, %s', async (_name, shape) => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 400 }), async (drawn) => {
        const counter = new MemoryWindowCounter();
        const model = new ModelWindows();
        for (const step of shape(drawn)) {
          if (step.kind === 'add')
            expect(await counter.add(step.key, step.member, WINDOW_MS, step.at)).toBe(
              model.add(step.key, step.member, WINDOW_MS, step.at),
            );
          else
            expect((await counter.members(step.key, WINDOW_MS, step.at)).sort()).toEqual(
              model.members(step.key, WINDOW_MS, step.at).sort(),
            );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps one member seen again and again as one, and forgets it once its window has passed', async () => {
    const counter = new MemoryWindowCounter();
    for (let at = 0; at < 20_000; at += 1) expect(await counter.add('k', 'same', WINDOW_MS, at)).toBe(1);
    expect(await counter.members('k', WINDOW_MS, 20_000)).toEqual(['same']);
    expect(await counter.members('k', WINDOW_MS, 40_000)).toEqual([]);
  });
});
