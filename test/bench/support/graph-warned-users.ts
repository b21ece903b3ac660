/**
 * The home members of the Graph bench's external chats (graph-bench-chats.ts): bench users
 * 0..count-1 of a run, each with the 1:1 conversation reference an install would have
 * stored, and the warning cards the connector stand-in accepted for each of them.
 */
import type { RunningBot } from '../../../bot/index';
import { DUMMY_HOME_TENANT } from '../../support/activities';
import { benchConversationId, benchUser, benchUserId } from './bench-users';
import type { RemotePeer } from './remote-peer';

/** Stores the references directly, as warnings.bench.ts does (hundreds of installs take long). */
export const seedWarnedUsers = async (
  bot: RunningBot,
  serviceUrl: string,
  run: number,
  count: number,
): Promise<void> => {
  for (let i = 0; i < count; i += 200) {
    await Promise.all(
      Array.from({ length: Math.min(200, count - i) }, (_, j) =>
        bot.stores.conversations.set(benchUser(run, i + j), {
          serviceUrl,
          channelId: 'msteams',
          conversation: {
            id: benchConversationId(run, i + j),
            tenantId: DUMMY_HOME_TENANT,
            conversationType: 'personal',
          },
          user: { id: `29:bench-${run}-${i + j}`, aadObjectId: benchUserId(run, i + j) },
          bot: { id: '28:6e5d4c3b-2a19-4807-b6f5-e4d3c2b1a098', name: 'Helpdesk Guard' },
        }),
      ),
    );
  }
};

/** Cards the connector accepted (200) per bench user of the run, by user index. */
export const cardsPerUser = async (connector: RemotePeer, run: number): Promise<Map<number, number>> => {
  const prefix = `${benchConversationId(run, 0).slice(0, -1)}`;
  const counts = new Map<number, number>();
  for (const call of await connector.calls()) {
    if (call.status !== 200 || !call.conversationId.startsWith(prefix)) continue;
    const i = Number(call.conversationId.slice(prefix.length));
    counts.set(i, (counts.get(i) ?? 0) + 1);
  }
  return counts;
};
