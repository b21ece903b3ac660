/**
 * The bot under test, in a process of its own, from the compiled build npm start runs:
 * what bot/index.ts does (loadConfig from the environment, the helpdesk profile,
 * startBot, JSON logs on stdout), plus what only a bench needs: Graph tokens for the Graph
 * stand-in (local mode has no credentials to get real ones), and an IPC channel. IPC:
 * sends {type:'ready', port}; answers 'memory' (process.memoryUsage()) and 'seed' (stores
 * the 1:1 conversation references an install would have stored, for bench users
 * [from, from + count) of a run); stops on 'stop'.
 */
import type * as Bot from '../../../bot/index';
import type * as HelpdeskProfile from '../../../src/config/helpdesk-profile';
import type * as LoadConfig from '../../../src/config/load-config';
import type * as Logger from '../../../src/log/logger';
import { DUMMY_HOME_TENANT } from '../../support/activities';
import { BENCH_GRAPH_TOKEN } from './bench-env';
import { benchConversationId, benchUser, benchUserId } from './bench-users';
import { fromBuild } from './build';
import { exitWithParent } from './child';

// The bot as npm start runs it: the compiled build (run.ts compiled it first).
const { startBot } = fromBuild<typeof Bot>('bot/index');
const { loadHelpdeskProfile } = fromBuild<typeof HelpdeskProfile>('src/config/helpdesk-profile');
const { loadConfig } = fromBuild<typeof LoadConfig>('src/config/load-config');
const { createLogger } = fromBuild<typeof Logger>('src/log/logger');

export interface SeedRequest {
  type: 'seed';
  serviceUrl: string;
  run: number;
  from: number;
  count: number;
}

export type BotRequest = { type: 'memory' } | { type: 'stop' } | SeedRequest;
export type BotReply =
  | { type: 'ready'; port: number }
  | { type: 'memory'; memory: NodeJS.MemoryUsage }
  | { type: 'seeded'; count: number };

const main = async (): Promise<void> => {
  const config = loadConfig();
  const log = createLogger({ level: config.logLevel });
  const bot = await startBot({
    config,
    profile: loadHelpdeskProfile(config.helpdeskProfileFile),
    log,
    host: '127.0.0.1',
    ...(config.graph.notifications ? { graphTokens: { getToken: async () => BENCH_GRAPH_TOKEN } } : {}),
  });
  const reply = (message: BotReply) => process.send?.(message);

  const seed = async ({ serviceUrl, run, from, count }: SeedRequest): Promise<void> => {
    for (let i = from; i < from + count; i += 200) {
      await Promise.all(
        Array.from({ length: Math.min(200, from + count - i) }, (_, j) =>
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
    reply({ type: 'seeded', count });
  };

  process.on('message', (request: BotRequest) => {
    if (request.type === 'memory') reply({ type: 'memory', memory: process.memoryUsage() });
    else if (request.type === 'seed')
      seed(request).catch((err: unknown) => {
        log.error({ err }, 'bench: seeding conversation references failed');
        process.exit(1);
      });
    else
      bot.stop().then(
        () => process.exit(0),
        (err: unknown) => {
          log.error({ err }, 'bench: stop failed');
          process.exit(1);
        },
      );
  });
  exitWithParent();
  reply({ type: 'ready', port: bot.port });
};

main().catch((err: unknown) => {
  console.error('bench bot failed to start:', err);
  process.exit(1);
});
