import { HelpdeskGuardError } from '../errors';
import { redactUrl, redactUrlsIn } from '../log/redact-url';
import {
  clusterConnection,
  quiet,
  sentinelConnection,
  standaloneConnection,
  type RedisConnection,
} from './redis-connection';
import { withDeadline } from './redis-deadline';
import {
  backoffMs,
  createClusterOf,
  createSentinelOf,
  createStandalone,
  reconnectStrategyOf,
  type NodeRedisClient,
} from './redis-factories';
import { probeCluster, probeSentinelSet } from './redis-probes';
import { parseRedisUrl, type RedisTarget } from './redis-url';

export type { RedisConnection, RedisKind, RedisMulti } from './redis-connection';
export type { NodeRedisClient, NodeRedisCluster, NodeRedisSentinel } from './redis-factories';

export interface ConnectOptions {
  /** Fail after this many attempts instead of retrying for ever. */
  giveUpAfter?: number;
  /** Told of each failed attempt before the connection is made (for a log line). */
  onRetry?: (attempt: number, error: Error) => void;
}

/** One server: node-redis retries by the strategy and tells each failure as an error event. */
const connectStandalone = async (url: string, options: ConnectOptions): Promise<RedisConnection> => {
  let client: NodeRedisClient;
  try {
    client = createStandalone(url, reconnectStrategyOf(options.giveUpAfter));
  } catch (err) {
    // Its own error is not kept as the cause: its `input` (or message) is the whole URL, password included.
    throw new HelpdeskGuardError(
      'config_invalid',
      `cannot connect to Redis: '${redactUrl(url)}' is refused (${redactUrlsIn((err as Error).message)}); ` +
        'use e.g. redis://:password@host:6379 and percent-encode @ / : ? # in the password',
    );
  }
  let connected = false;
  let attempts = 0;
  // Without a listener node-redis would throw on every connection error.
  client.on('error', (error: Error) => {
    if (connected) return;
    attempts += 1;
    options.onRetry?.(attempts, error);
  });
  try {
    await client.connect();
  } catch (err) {
    client.destroy();
    throw err;
  }
  connected = true;
  return standaloneConnection(client);
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A cluster or a sentinel set: their connect() gives up when no seed (sentinel) answers,
 * so the attempts are made here, each with a new client, with the same backoff. Each
 * attempt probes first (src/store/redis-probes.ts), so a failure says what is wrong.
 */
const connectTopology = async (
  make: () => RedisConnection,
  options: ConnectOptions,
  precheck: () => Promise<void>,
): Promise<RedisConnection> => {
  for (let attempt = 1; ; attempt += 1) {
    let connection: RedisConnection | undefined;
    try {
      await precheck();
      connection = make();
      await connection.connect();
      return connection;
    } catch (err) {
      connection?.destroy();
      if (options.giveUpAfter !== undefined && attempt >= options.giveUpAfter) throw err;
      options.onRetry?.(attempt, err as Error);
      await sleep(backoffMs(attempt - 1));
    }
  }
};

/** The connection to one parsed REDIS_URL target, of whichever kind it names. */
const connectTarget = (target: RedisTarget, options: ConnectOptions): Promise<RedisConnection> => {
  const reconnectStrategy = reconnectStrategyOf(options.giveUpAfter);
  switch (target.kind) {
    case 'standalone':
      return connectStandalone(target.url, options);
    case 'cluster':
      return connectTopology(
        () => clusterConnection(quiet(createClusterOf(target, reconnectStrategy))),
        options,
        () => probeCluster(target),
      );
    case 'sentinel':
      return connectTopology(
        () => sentinelConnection(quiet(createSentinelOf(target, reconnectStrategy))),
        options,
        () => probeSentinelSet(target),
      );
  }
};

/**
 * Connects to what REDIS_URL names (src/store/redis-url.ts): one server, a Redis Cluster
 * or a Sentinel set, each with one deadline for its commands (redis-deadline.ts). The
 * composition root and the CLI are the only callers outside tests. A URL that names none
 * of them is refused with `config_invalid`, never quoting a password.
 */
export const connectRedis = async (url: string, options: ConnectOptions = {}): Promise<RedisConnection> =>
  withDeadline(await connectTarget(parseRedisUrl(url), options));
