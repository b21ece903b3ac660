/**
 * turnRatio: turns per second of our bot's `help` (the welcome card, turn state in Redis)
 * against a bare teams-ai v1 echo bot with MemoryStorage on the same adapter setup, same
 * load, same run: Teams message activities (personal chat, "help", from a user of the home
 * tenant) posted to /api/messages at 20 and then 50 connections; both bots reply to the
 * same connector stand-in. turnRatioMemory: the same with our bot on memory stores.
 */
import { dummyActivity } from '../support/activities';
import type { BenchPart } from './support/bench-part';
import type { Figure } from './support/figures';
import { compareSideBySide, runLoad, type Comparison } from './support/load';
import type { BotUnderTest, Rig } from './support/rig';

const SECONDS = 5;
const CONNECTIONS = [20, 50];

const turnsAgainstBaseline = async (
  rig: Rig,
  label: string,
  bot: BotUnderTest,
): Promise<Array<{ connections: number; comparison: Comparison }>> => {
  const connector = await rig.connector();
  const baselineUrl = await rig.baselineUrl();
  const body = JSON.stringify(dummyActivity('message.personal.text', { serviceUrl: connector.serviceUrl }));
  const headers = { 'content-type': 'application/json' };
  const results = [];
  for (const connections of CONNECTIONS) {
    const before = await connector.stats();
    const comparison = await compareSideBySide(
      `${label} at ${connections} connections`,
      (duration) => runLoad({ url: `${bot.url}/api/messages`, connections, duration, headers, body }),
      (duration) => runLoad({ url: `${baselineUrl}/api/messages`, connections, duration, headers, body }),
      { seconds: SECONDS },
      (line) => rig.problem(line),
    );
    const after = await connector.stats();
    const turns = [...comparison.ours, ...comparison.baseline].reduce((sum, run) => sum + run.total, 0);
    console.log(
      `  ${label} at ${connections}: ${after.accepted - before.accepted} replies at the connector for about ${turns} turns (both bots, warm-ups excluded)`,
    );
    if (after.unknown > before.unknown)
      rig.problem(`${label}: ${after.unknown - before.unknown} requests to unknown connector routes`);
    results.push({ connections, comparison });
  }
  return results;
};

const figuresOf = (
  key: string,
  label: string,
  results: Array<{ connections: number; comparison: Comparison }>,
  target: Figure['target'],
): Figure[] => {
  const pairs = results.flatMap(({ comparison }) => comparison.pairs);
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  return [
    {
      key,
      label: `${label}, mean of ${pairs.length} pairs`,
      value: mean(pairs.map((pair) => pair.ratio)),
      ours: mean(pairs.map((pair) => pair.ours)),
      baseline: mean(pairs.map((pair) => pair.baseline)),
      rateUnit: 'turns/s',
      pairs,
      target,
      headline: true,
    },
    ...results.map(({ connections, comparison }) => ({
      key: `${key}${connections}`,
      label: `${label}, ${connections} connections`,
      value: comparison.ratio,
      ours: comparison.oursRps,
      baseline: comparison.baselineRps,
      rateUnit: 'turns/s',
      pairs: comparison.pairs,
      headline: false,
    })),
  ];
};

export const turnBench: BenchPart = {
  name: 'turn',
  async run(rig) {
    const redisBot = await rig.freshBot();
    const figures = figuresOf(
      'turnRatio',
      'help turn, Redis turn state / echo bot',
      await turnsAgainstBaseline(rig, 'help turn (Redis)', redisBot),
      { min: 0.8 },
    );
    const memoryBot = await rig.startBot('bench-memory', { redis: false });
    try {
      figures.push(
        ...figuresOf(
          'turnRatioMemory',
          'help turn, memory stores / echo bot',
          await turnsAgainstBaseline(rig, 'help turn (memory)', memoryBot),
          undefined,
        ),
      );
    } finally {
      await memoryBot.stop();
    }
    return figures;
  },
};
