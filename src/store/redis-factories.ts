/**
 * The node-redis clients of the three REDIS_URL kinds, built the same way everywhere (RESP2,
 * one reconnect strategy); redis-client.ts connects them, redis-connection.ts wraps them.
 */
import { createClient, createCluster, createSentinel } from 'redis';
import { tlsOf } from './redis-probes';
import type { ClusterTarget, SentinelTarget } from './redis-url';

/** Reconnect delay after `retries` failed attempts: a capped exponential backoff. */
export const backoffMs = (retries: number): number => Math.min(50 * 2 ** retries, 2_000);

/**
 * After `giveUpAfter` failed attempts the strategy returns false, so connect() rejects
 * with the socket's error (a CLI must not hang); without it a client reconnects for ever
 * (the bot: readiness reports the outage meanwhile).
 */
export const reconnectStrategyOf =
  (giveUpAfter: number | undefined) =>
  (retries: number): number | false =>
    giveUpAfter !== undefined && retries + 1 >= giveUpAfter ? false : backoffMs(retries);

export type Reconnect = ReturnType<typeof reconnectStrategyOf>;

/**
 * No per-command timer of node-redis's (an AbortSignal.timeout for every command): the
 * connection keeps one deadline for all its commands instead (redis-deadline.ts).
 */
const NO_COMMAND_TIMER = { commandOptions: { timeout: 0 } } as const;

// RESP2 is pinned everywhere: the stream commands parse raw replies, whose shape RESP3 changes.
export const createStandalone = (url: string, reconnectStrategy: Reconnect) =>
  createClient({ url, RESP: 2, socket: { reconnectStrategy }, ...NO_COMMAND_TIMER });

export const createClusterOf = (target: ClusterTarget, reconnectStrategy: Reconnect) =>
  createCluster({
    RESP: 2,
    ...NO_COMMAND_TIMER,
    rootNodes: target.nodes.map(({ host, port }) => ({ socket: { host, port, ...tlsOf(target.tls) } })),
    // Discovered nodes get these, not the root nodes' settings (node-redis).
    defaults: {
      ...target.credentials,
      ...NO_COMMAND_TIMER,
      socket: { ...tlsOf(target.tls), reconnectStrategy },
    },
  });

export const createSentinelOf = (target: SentinelTarget, reconnectStrategy: Reconnect) =>
  createSentinel({
    RESP: 2,
    name: target.masterName,
    sentinelRootNodes: target.sentinels,
    nodeClientOptions: {
      ...target.credentials,
      ...NO_COMMAND_TIMER,
      database: target.database,
      socket: { ...tlsOf(target.tls), reconnectStrategy },
    },
    sentinelClientOptions: {
      ...target.sentinelCredentials,
      socket: { ...tlsOf(target.tls), reconnectStrategy },
    },
  });

export type NodeRedisClient = ReturnType<typeof createStandalone>;
export type NodeRedisCluster = ReturnType<typeof createClusterOf>;
export type NodeRedisSentinel = ReturnType<typeof createSentinelOf>;
