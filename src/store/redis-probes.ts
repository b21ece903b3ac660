/**
 * Probes made before each attempt to connect to a cluster or a sentinel set, so a failed
 * attempt says what is wrong (node-redis's own connect() calls a refused password
 * "unavailable", and for a sentinel set retries for 16 s before it says anything). Each
 * probe is a short-lived client that tries once. Redis's refusals (WRONGPASS, NOAUTH)
 * never hold the password, and no message here quotes the URL.
 */
import { createClient } from 'redis';
import type { ClusterTarget, RedisCredentials, RedisNodeAddress, SentinelTarget } from './redis-url';

/** node-redis's socket options of a TLS connection, or none. */
export const tlsOf = (tls: boolean) => (tls ? { tls: true as const } : {});

/** A client of one node that tries once (a probe, not a connection to keep). */
const probeClient = (target: { tls: boolean }, node: RedisNodeAddress, credentials: RedisCredentials) => {
  const client = createClient({
    RESP: 2,
    ...credentials,
    socket: { host: node.host, port: node.port, ...tlsOf(target.tls), reconnectStrategy: false },
  });
  client.on('error', () => undefined);
  return client;
};

/** Where the sentinels say the master is: each is asked in turn. */
const askSentinels = async (target: SentinelTarget): Promise<RedisNodeAddress> => {
  let known = false;
  for (const sentinel of target.sentinels) {
    const client = probeClient(target, sentinel, target.sentinelCredentials);
    try {
      await client.connect();
      const address = (await client.sendCommand([
        'SENTINEL',
        'GET-MASTER-ADDR-BY-NAME',
        target.masterName,
      ])) as [string, string] | null;
      if (address !== null) return { host: address[0], port: Number(address[1]) };
      known = true;
    } catch {
      // Down, or refusing us: the next sentinel may answer.
    } finally {
      client.destroy();
    }
  }
  throw new Error(
    known
      ? `no sentinel knows a master named '${target.masterName}'`
      : `none of the ${target.sentinels.length} sentinel(s) answered`,
  );
};

/**
 * The sentinels name a master, and it takes our credentials (a PING: connecting alone
 * sends none). Redis's own refusal (WRONGPASS, NOAUTH) never holds the password.
 */
export const probeSentinelSet = async (target: SentinelTarget): Promise<void> => {
  const master = await askSentinels(target);
  const client = probeClient(target, master, target.credentials);
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    throw new Error(
      `the master of '${target.masterName}' (${master.host}:${master.port}): ${(err as Error).message}`,
    );
  } finally {
    client.destroy();
  }
};

/**
 * A seed node answers a PING with our credentials. node-redis's cluster says only "All
 * the root nodes are unavailable", for a refused password too; this says what Redis said.
 */
export const probeCluster = async (target: ClusterTarget): Promise<void> => {
  let refusal = '';
  for (const node of target.nodes) {
    const client = probeClient(target, node, target.credentials);
    try {
      await client.connect();
      await client.ping();
      return;
    } catch (err) {
      refusal = `${node.host}:${node.port}: ${(err as Error).message}`;
    } finally {
      client.destroy();
    }
  }
  throw new Error(`no seed node of the cluster answered (${refusal})`);
};
