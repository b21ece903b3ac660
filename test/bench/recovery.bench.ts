/**
 * recoverySeconds: a second replica on the same Redis takes 100 signals (each acked 202,
 * each for a user with a stored conversation reference) and is SIGKILLed at once; the
 * figure is from the kill to the last of those users' warnings at the connector, which
 * the surviving replica (the bot under test) must deliver after the dead one's claims
 * idle out (QUEUE_CLAIM_IDLE_SECONDS, default 10 s). Every acked signal must be warned.
 */
import { signedHeaders } from '../support/signals';
import type { BenchPart } from './support/bench-part';
import { benchSignalBody } from './support/bench-users';
import { loadProblem, runLoad } from './support/load';

const SIGNALS = 100;
const RUN = 2704;
const WAIT_MS = 60_000;

export const recoveryBench: BenchPart = {
  name: 'recovery',
  async run(rig) {
    const survivor = await rig.freshBot();
    const connector = await rig.connector();
    await survivor.seed({ serviceUrl: connector.serviceUrl, run: RUN, from: 0, count: SIGNALS });
    const victim = await rig.startBot('bench-victim', { redis: true });
    let user = 0;
    const posted = await runLoad({
      url: `${victim.url}/api/signals/first-contact`,
      connections: 10,
      amount: SIGNALS,
      next: () => {
        const body = benchSignalBody(RUN, user++);
        return { body, headers: signedHeaders(body) };
      },
    });
    await victim.kill();
    const killedAt = Date.now();
    const problem = loadProblem('recovery signals', posted);
    if (problem) rig.problem(problem);
    const acked = posted.total - posted.non2xx - posted.errors - posted.timeouts;
    const beforeKill = [...(await connector.arrivals(RUN)).values()].filter((times) => times[0] <= killedAt);
    let arrivals = await connector.arrivals(RUN);
    while (arrivals.size < acked && Date.now() - killedAt < WAIT_MS) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      arrivals = await connector.arrivals(RUN);
    }
    const last = Math.max(...[...arrivals.values()].map((times) => times[0]));
    if (arrivals.size < acked)
      rig.problem(
        `recovery: ${arrivals.size} of ${acked} acked signals warned ${WAIT_MS / 1000} s after the kill`,
      );
    const seconds = arrivals.size < acked ? Infinity : (last - killedAt) / 1000;
    console.log(
      `  recovery: ${acked} signals acked by the victim, ${beforeKill.length} warned before its SIGKILL, ` +
        `the last ${seconds.toFixed(1)} s after it`,
    );
    return [
      {
        key: 'recoverySeconds',
        label: `replica SIGKILL to the last of ${acked} acked signals warned`,
        value: seconds,
        unit: 's',
        target: { max: 15 },
        headline: true,
      },
    ];
  },
};
