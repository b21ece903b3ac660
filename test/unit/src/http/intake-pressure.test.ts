import { createIntakePressure } from '../../../../src/http/intake-pressure';
import { waitUntil } from '../../../support/wait-for';

/** Keeps the event loop busy for `ms` without yielding. */
const spin = (ms: number): void => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('createIntakePressure', () => {
  it('is busy while requests arrive on a saturated loop, and not once they stop', async () => {
    let utilisation = 1;
    const pressure = createIntakePressure({ intervalMs: 10, utilisation: () => utilisation });
    try {
      expect(pressure.busy()).toBe(false);
      const arriving = setInterval(() => pressure.arrived(), 2);
      await waitUntil(() => pressure.busy(), 'busy under requests on a saturated loop');
      // The same requests on a loop with room to spare: no pressure.
      utilisation = 0.5;
      await waitUntil(() => !pressure.busy(), 'not busy on a loop with room');
      utilisation = 1;
      await waitUntil(() => pressure.busy(), 'busy again');
      clearInterval(arriving);
      // A loop kept busy by the workers alone is not the intake's pressure.
      await waitUntil(() => !pressure.busy(), 'not busy without requests');
    } finally {
      pressure.stop();
    }
  });

  it("reads Node's own event-loop utilisation by default", async () => {
    const pressure = createIntakePressure({ intervalMs: 20 });
    try {
      // Requests handled back to back, each 40 ms of synchronous work: a saturated loop. The
      // sampling timer, overdue after each, runs before the next immediate.
      for (let i = 0; i < 8; i += 1) {
        pressure.arrived();
        spin(40);
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(pressure.busy()).toBe(true);
      await waitUntil(() => !pressure.busy(), 'not busy once the loop idles');
    } finally {
      pressure.stop();
    }
  });

  it('is not busy once stopped', async () => {
    const pressure = createIntakePressure({ intervalMs: 5, utilisation: () => 1 });
    const arriving = setInterval(() => pressure.arrived(), 1);
    await waitUntil(() => pressure.busy(), 'busy');
    pressure.stop();
    clearInterval(arriving);
    expect(pressure.busy()).toBe(false);
  });
});
