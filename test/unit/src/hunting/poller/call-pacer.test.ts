import { createCallPacer } from '../../../../../src/hunting/poller/call-pacer';

describe('createCallPacer', () => {
  let clock: number;
  const fakeSleep = async (ms: number): Promise<void> => {
    clock += ms;
  };

  beforeEach(() => {
    clock = 1_000_000;
  });

  it('lets the first calls of a minute through at once', async () => {
    const pacer = createCallPacer({ callsPerMinute: 3, now: () => clock, sleep: fakeSleep });

    for (let call = 0; call < 3; call += 1) await pacer.take();

    expect(clock).toBe(1_000_000);
    expect(pacer.waitMs()).toBe(60_000);
  });

  it('makes the next call wait until the oldest is a minute old', async () => {
    const pacer = createCallPacer({ callsPerMinute: 2, now: () => clock, sleep: fakeSleep });
    await pacer.take();
    clock += 10_000;
    await pacer.take();

    await pacer.take();

    expect(clock).toBe(1_060_000);
  });

  it('never starts more than callsPerMinute calls in any 60 s', async () => {
    const pacer = createCallPacer({ callsPerMinute: 40, now: () => clock, sleep: fakeSleep });
    const starts: number[] = [];

    for (let call = 0; call < 200; call += 1) {
      await pacer.take();
      starts.push(clock);
      clock += call % 7 === 0 ? 2_500 : 100;
    }

    const busiest = Math.max(
      ...starts.map((start) => starts.filter((at) => at >= start && at < start + 60_000).length),
    );
    expect(busiest).toBe(40);
  });

  it('gives up a wait when the poller stops', async () => {
    const controller = new AbortController();
    const pacer = createCallPacer({
      callsPerMinute: 1,
      now: () => clock,
      sleep: async () => controller.abort(),
    });
    await pacer.take(controller.signal);

    expect(await pacer.take(controller.signal)).toBe(false);
  });
});
