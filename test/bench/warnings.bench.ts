/**
 * warnRateRatio: a campaign of 2,000 first contacts (one signal per user, each user with a
 * stored 1:1 conversation reference, posted as fast as 32 clients can), warnings delivered
 * per second at the connector stand-in from its first to its last arrival, over the
 * configured per-tenant rate (TENANT_SEND_RATE, the default 50/s); maxSendsPerSecond: the
 * most sends in any sliding 1 s window at the connector, which must never exceed the rate.
 * Every user must get exactly one warning.
 */
import { signedHeaders } from '../support/signals';
import { BENCH_SEND_RATE } from './support/bench-env';
import type { BenchPart } from './support/bench-part';
import { benchSignalBody } from './support/bench-users';
import { loadProblem, runLoad } from './support/load';

const USERS = 2_000;
const CLIENTS = 32;
const RUN = 2702;
/** The paced duration and half as much again: slower than that has missed the target anyway. */
const WAIT_MS = (USERS / BENCH_SEND_RATE) * 1_500 + 15_000;
/** Held after the last arrival, so a late duplicate would still be seen. */
const SETTLE_MS = 2_000;

/** The most timestamps in any window [t, t + 1000). */
const maxInOneSecond = (sorted: number[]): number => {
  let most = 0;
  for (let first = 0, last = 0; last < sorted.length; last += 1) {
    while (sorted[last] - sorted[first] >= 1_000) first += 1;
    most = Math.max(most, last - first + 1);
  }
  return most;
};

export const warningsBench: BenchPart = {
  name: 'warnings',
  async run(rig) {
    const bot = await rig.freshBot();
    const connector = await rig.connector();
    await bot.seed({ serviceUrl: connector.serviceUrl, run: RUN, from: 0, count: USERS });
    let user = 0;
    const t0 = Date.now();
    const posted = await runLoad({
      url: `${bot.url}/api/signals/first-contact`,
      connections: CLIENTS,
      amount: USERS,
      next: () => {
        const body = benchSignalBody(RUN, user++);
        return { body, headers: signedHeaders(body) };
      },
    });
    const postedMs = Date.now() - t0;
    const problem = loadProblem('warning campaign signals', posted);
    if (problem) rig.problem(problem);
    const deadline = Date.now() + WAIT_MS;
    let arrivals = await connector.arrivals(RUN);
    while (arrivals.size < USERS && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      arrivals = await connector.arrivals(RUN);
    }
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    arrivals = await connector.arrivals(RUN);
    const firsts = [...arrivals.values()].map((times) => times[0]).sort((a, b) => a - b);
    const all = [...arrivals.values()].flat().sort((a, b) => a - b);
    const duplicates = all.length - arrivals.size;
    if (arrivals.size < USERS) rig.problem(`warning campaign: ${arrivals.size} of ${USERS} users warned`);
    if (duplicates > 0) rig.problem(`warning campaign: ${duplicates} users warned more than once`);
    const spanS = (firsts[firsts.length - 1] - firsts[0]) / 1000;
    const rate = (firsts.length - 1) / spanS;
    console.log(
      `  campaign: ${USERS} signals posted in ${(postedMs / 1000).toFixed(1)} s (${CLIENTS} clients, ack p99 ${posted.p99Ms} ms); ` +
        `first warning ${firsts[0] - t0} ms after the first POST; ${firsts.length} warned over ${spanS.toFixed(1)} s = ` +
        `${rate.toFixed(1)}/s at TENANT_SEND_RATE=${BENCH_SEND_RATE}`,
    );
    return [
      {
        key: 'warnRateRatio',
        label: `warnings/s in a ${USERS}-user campaign / TENANT_SEND_RATE`,
        value: rate / BENCH_SEND_RATE,
        ours: rate,
        baseline: BENCH_SEND_RATE,
        rateUnit: 'warnings/s',
        target: { min: 0.9, max: 1.0 },
        headline: true,
      },
      {
        key: 'maxSendsPerSecond',
        label: 'most sends in any 1 s window at the connector',
        value: maxInOneSecond(all),
        unit: 'sends',
        target: { max: BENCH_SEND_RATE },
        headline: true,
      },
    ];
  },
};
