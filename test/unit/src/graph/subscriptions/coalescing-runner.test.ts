import { createCoalescingRunner } from '../../../../../src/graph/subscriptions/coalescing-runner';

describe('createCoalescingRunner', () => {
  it('runs once more after the run under way for any number of requests made during it', async () => {
    let runs = 0;
    let finish: (() => void) | undefined;
    const runner = createCoalescingRunner(async () => {
      runs += 1;
      await new Promise<void>((resolve) => (finish = resolve));
    });

    runner.request();
    runner.request();
    runner.request();
    finish!();
    await new Promise((resolve) => setImmediate(resolve));
    finish!();
    await runner.idle();

    expect(runs).toBe(2);
  });

  it('never runs two at once', async () => {
    let running = 0;
    let most = 0;
    const runner = createCoalescingRunner(async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
    });

    for (let i = 0; i < 5; i += 1) runner.request();
    await runner.idle();

    expect(most).toBe(1);
  });
});
