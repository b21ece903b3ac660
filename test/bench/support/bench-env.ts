/** Settings the bench's processes share: the bot's environment and what the stand-ins expect. */
import { DUMMY_HOME_TENANT } from '../../support/activities';
import { DUMMY_WEBHOOK_SECRET } from '../../support/signals';

/** The only bearer token the Graph stand-in accepts (the bot's entry passes it as its Graph token). */
export const BENCH_GRAPH_TOKEN = 'bench-graph-token-5d1e9a';
export const BENCH_CLIENT_STATE = 'bench-client-state-3b9f6c1d8e2a4f70';
/** The configured per-tenant warning rate (TENANT_SEND_RATE), the default. */
export const BENCH_SEND_RATE = 50;

export interface BotEnvOptions {
  port: number;
  replicaId: string;
  /** Unset: memory stores. */
  redisUrl?: string;
  /** Set: Graph change notifications on, against this stand-in. */
  graphUrl?: string;
}

/**
 * The environment the bot under test starts with: local mode (no MicrosoftAppId), the
 * home tenant of the fixtures, the webhook on, pictures linked from a public base URL as
 * in production (not inlined into every card), logs at warn. The inbound rate limit is
 * off: every request of the bench comes from one address, and the bench measures the
 * bot, not its flood guard.
 */
export const botEnv = (options: BotEnvOptions): Record<string, string> => ({
  PORT: String(options.port),
  HOME_TENANT_ID: DUMMY_HOME_TENANT,
  SIGNAL_WEBHOOK_SECRET: DUMMY_WEBHOOK_SECRET,
  PUBLIC_BASE_URL: 'https://guard.contoso.example',
  INBOUND_RATE_LIMIT_PER_SECOND: '0',
  TENANT_SEND_RATE: String(BENCH_SEND_RATE),
  LOG_LEVEL: 'warn',
  REPLICA_ID: options.replicaId,
  ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
  ...(options.graphUrl
    ? {
        GRAPH_ENDPOINT: options.graphUrl,
        GRAPH_NOTIFICATION_URL: `http://127.0.0.1:${options.port}`,
        GRAPH_CLIENT_STATE: BENCH_CLIENT_STATE,
      }
    : {}),
});
