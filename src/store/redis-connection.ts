/**
 * RedisConnection: what every Redis store takes, whichever deployment REDIS_URL names (one
 * server, a Cluster, a Sentinel set). node-redis gives the three different shapes (a
 * cluster's sendCommand wants the key that routes it, its multi() a routing key, a
 * sentinel's sendCommand a read-only flag); here they become one, so no store knows which
 * kind it got. The rule that makes a cluster work is the stores' own: the keys of one
 * script or transaction share a hash tag (src/store/keys.ts).
 */
import { createHash } from 'node:crypto';
import type { NodeRedisClient, NodeRedisCluster, NodeRedisSentinel } from './redis-factories';

/** node-redis's own typed commands that name their key first: routed by it on a cluster. */
export const KEYED_COMMANDS = [
  'get',
  'set',
  'del',
  'exists',
  'incr',
  'pExpire',
  'pTTL',
  'type',
  'hGet',
  'hGetAll',
  'hSet',
  'hmGet',
  'zRange',
  'zRangeByScore',
  'xLen',
  'eval',
] as const;

export type KeyedCommands = Pick<NodeRedisClient, (typeof KEYED_COMMANDS)[number]>;

type ClientMulti = ReturnType<NodeRedisClient['multi']>;
/** A MULTI/EXEC of typed commands (a cluster's addCommand takes other arguments: not offered). */
export type RedisMulti = Omit<ClientMulti, 'addCommand'>;

export type RedisKind = 'standalone' | 'cluster' | 'sentinel';

export interface RedisConnection extends KeyedCommands {
  readonly kind: RedisKind;
  /** A raw command (RESP2 reply), sent to the node that holds `key`. */
  send(key: string, args: readonly string[]): Promise<unknown>;
  /** A transaction on the node of `routingKey`; every key in it must share that key's slot. */
  multi(routingKey: string): RedisMulti;
  /** PING every master (a cluster's each one): resolves when all answer. */
  ping(): Promise<void>;
  /** Every key matching the SCAN pattern `match`, from every master. */
  scan(match: string): AsyncIterable<string>;
  /**
   * A twin with its own sockets, not connected yet: blocking reads (XREADGROUP BLOCK) go
   * there so they never stall the commands of this one.
   */
  duplicate(): RedisConnection;
  connect(): Promise<void>;
  /** Closes at once (pending commands reject); closing twice is harmless. */
  destroy(): void;
}

/** Errors surface on the command that failed; without a listener node-redis would throw them. */
export const quiet = <T extends { on(event: 'error', listener: (err: Error) => void): unknown }>(
  target: T,
): T => {
  target.on('error', () => undefined);
  return target;
};

/** The SHA1 of each script the stores run: a handful of constants. */
const scriptShas = new Map<string, string>();
/** A bound against a store that would build its scripts (it does not): the cache never grows past it. */
const MAX_SCRIPTS = 256;

const sha1 = (script: string | Buffer): string => createHash('sha1').update(script).digest('hex');

const shaOf = (script: string | Buffer): string => {
  if (typeof script !== 'string') return sha1(script);
  let sha = scriptShas.get(script);
  if (sha === undefined) {
    if (scriptShas.size >= MAX_SCRIPTS) scriptShas.clear();
    sha = sha1(script);
    scriptShas.set(script, sha);
  }
  return sha;
};

/**
 * EVAL by the script's SHA1 (EVALSHA), sending its text only when the server does not know
 * it yet (NOSCRIPT: a new, restarted or failed-over server), which caches it. Before, every
 * call sent the script's whole text (up to a kilobyte) and the server hashed it again.
 */
const evalBySha =
  (target: KeyedCommands & Pick<NodeRedisClient, 'evalSha'>): KeyedCommands['eval'] =>
  async (script, options) => {
    try {
      return await target.evalSha(shaOf(script), options);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return target.eval(script, options);
    }
  };

const bindCommands = (target: KeyedCommands & Pick<NodeRedisClient, 'evalSha'>): KeyedCommands => {
  const bound: Record<string, unknown> = {};
  for (const name of KEYED_COMMANDS)
    bound[name] = (target[name] as (...args: unknown[]) => unknown).bind(target);
  bound.eval = evalBySha(target);
  return bound as unknown as KeyedCommands;
};

/** SCAN pages of `match`, 500 keys a step (a step must stay short: Redis is single-threaded). */
const scanOptions = (match: string) => ({ MATCH: match, COUNT: 500 });

async function* flatten(pages: () => Promise<Array<AsyncIterable<string[]>>>): AsyncIterable<string> {
  for (const node of await pages()) for await (const keys of node) yield* keys;
}

const once = (destroy: () => void): (() => void) => {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    destroy();
  };
};

export const standaloneConnection = (client: NodeRedisClient): RedisConnection => ({
  kind: 'standalone',
  ...bindCommands(client),
  send: (_key, args) => client.sendCommand([...args]),
  multi: () => client.multi(),
  ping: async () => {
    await client.ping();
  },
  scan: (match) => flatten(async () => [client.scanIterator(scanOptions(match))]),
  duplicate: () => standaloneConnection(quiet(client.duplicate())),
  connect: async () => {
    await client.connect();
  },
  destroy: once(() => client.destroy()),
});

/** The masters' own clients: PING and SCAN are per node on a cluster. */
const mastersOf = async (cluster: NodeRedisCluster): Promise<NodeRedisClient[]> => {
  if (cluster.masters.length === 0) throw new Error('Redis Cluster: no master known (not connected)');
  return Promise.all(
    cluster.masters.map((master) => cluster.nodeClient(master) as unknown as Promise<NodeRedisClient>),
  );
};

export const clusterConnection = (cluster: NodeRedisCluster): RedisConnection => ({
  kind: 'cluster',
  ...bindCommands(cluster),
  send: (key, args) => cluster.sendCommand(key, false, [...args]),
  multi: (routingKey) => cluster.multi(routingKey),
  ping: async () => {
    await Promise.all((await mastersOf(cluster)).map((master) => master.ping()));
  },
  scan: (match) =>
    flatten(async () => (await mastersOf(cluster)).map((master) => master.scanIterator(scanOptions(match)))),
  // Connects to the nodes it sends to, not to every one: a blocking read needs one.
  duplicate: () => clusterConnection(quiet(cluster.duplicate({ minimizeConnections: true }))),
  connect: async () => {
    await cluster.connect();
  },
  destroy: once(() => cluster.destroy()),
});

export const sentinelConnection = (sentinel: NodeRedisSentinel): RedisConnection => ({
  kind: 'sentinel',
  ...bindCommands(sentinel),
  send: (_key, args) => sentinel.sendCommand(false, [...args]),
  multi: () => sentinel.multi(),
  ping: async () => {
    await sentinel.sendCommand(false, ['PING']);
  },
  scan: (match) => flatten(async () => [sentinel.scanIterator(scanOptions(match))]),
  duplicate: () => sentinelConnection(quiet(sentinel.duplicate())),
  connect: async () => {
    await sentinel.connect();
  },
  destroy: once(() => void sentinel.destroy().catch(() => undefined)),
});
