/**
 * signalRatio and notificationRatio: requests per second of POST /api/signals/first-contact
 * (signed, stored durably in Redis before the 202) and POST /api/graph/notifications (the
 * right clientState, stored before the 202) against a bare restify handler that reads the
 * body and answers 202, 50 connections, same run; with the p99 of our acks under that load.
 * Every request is unique: a signal for another user and chat, signed for real; a `/chats`
 * created notification for another chat. The worker behind each route runs during the load
 * (recipients have no conversation reference, so a warn verdict ends without a send; the
 * Graph stand-in answers every member read at once): that is part of the load. Each of
 * the two routes is measured on a fresh bot and an empty Redis.
 */
import { signedHeaders } from '../support/signals';
import { BENCH_CLIENT_STATE } from './support/bench-env';
import type { BenchPart } from './support/bench-part';
import { benchSignalBody } from './support/bench-users';
import type { Figure } from './support/figures';
import { mean } from './support/figures';
import { benchChat, chatCreatedBody } from './support/graph-bench-chats';
import { compareSideBySide, runLoad, type Comparison } from './support/load';
import { GRAPH_CHATS, GRAPH_RUN, type Rig } from './support/rig';

const SECONDS = 5;
const CONNECTIONS = 50;
/** Bench users of the signal load (no conversation references): a run of their own. */
const SIGNAL_RUN = 2701;

const figures = (
  key: string,
  label: string,
  comparison: Comparison,
  ratioMin: number,
  p99Max: number,
): Figure[] => [
  {
    key: `${key}Ratio`,
    label: `${label} / bare restify 202, ${CONNECTIONS} connections`,
    value: comparison.ratio,
    ours: comparison.oursRps,
    baseline: comparison.baselineRps,
    rateUnit: 'req/s',
    pairs: comparison.pairs,
    target: { min: ratioMin },
    headline: true,
  },
  {
    key: `${key}AckP99Ms`,
    label: `${label} ack p99 at ${CONNECTIONS} connections (mean of ${comparison.ours.length} runs: ${comparison.ours.map((run) => run.p99Ms).join(', ')} ms; baseline ${comparison.baseline.map((run) => run.p99Ms).join(', ')} ms)`,
    value: mean(comparison.ours.map((run) => run.p99Ms)),
    unit: 'ms',
    target: { max: p99Max },
    headline: true,
  },
];

/** What the load left for the worker (the next measurement starts on a fresh bot and an empty Redis). */
const leftBehind = async (rig: Rig, label: string): Promise<void> => {
  console.log(`  after ${label}: ${await rig.backlog()} jobs still queued for the worker`);
};

export const webhooksBench: BenchPart = {
  name: 'webhooks',
  async run(rig) {
    const baselineUrl = await rig.baselineUrl();
    let bot = await rig.freshBot();
    let signal = 0;
    const nextSignal = () => {
      const body = benchSignalBody(SIGNAL_RUN, signal++);
      return { body, headers: signedHeaders(body) };
    };
    const signals = await compareSideBySide(
      'first-contact webhook',
      (duration) =>
        runLoad({
          url: `${bot.url}/api/signals/first-contact`,
          connections: CONNECTIONS,
          duration,
          next: nextSignal,
        }),
      (duration) =>
        runLoad({
          url: `${baselineUrl}/api/signals/first-contact`,
          connections: CONNECTIONS,
          duration,
          next: nextSignal,
        }),
      { seconds: SECONDS },
      (line) => rig.problem(line),
    );
    await leftBehind(rig, 'the signal load');
    bot = await rig.freshBot();
    const subscriptionId = await rig.graphSubscriptionId(bot);
    let chat = 0;
    const headers = { 'content-type': 'application/json' };
    const nextNotification = () => ({
      body: chatCreatedBody(
        [benchChat(GRAPH_RUN, chat++ % GRAPH_CHATS).chatId],
        subscriptionId,
        BENCH_CLIENT_STATE,
      ),
      headers,
    });
    const notifications = await compareSideBySide(
      'Graph notifications',
      (duration) =>
        runLoad({
          url: `${bot.url}/api/graph/notifications`,
          connections: CONNECTIONS,
          duration,
          next: nextNotification,
        }),
      (duration) =>
        runLoad({
          url: `${baselineUrl}/api/graph/notifications`,
          connections: CONNECTIONS,
          duration,
          next: nextNotification,
        }),
      { seconds: SECONDS },
      (line) => rig.problem(line),
    );
    await leftBehind(rig, 'the notification load');
    return [
      ...figures('signal', 'first-contact webhook', signals, 0.3, 20),
      ...figures('notification', 'Graph notifications', notifications, 0.3, 50),
    ];
  },
};
