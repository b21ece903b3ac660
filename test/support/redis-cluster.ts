/**
 * A real Redis Cluster for tests: three masters (no replicas) of `redis-server
 * --cluster-enabled yes`, on free loopback ports, each in a temp dir of its own, joined by
 * `redis-cli --cluster create`. Nothing is shared with other suites or jest workers:
 * start one per suite (about 2 s) and stop it in afterAll.
 *
 *   const cluster = await startRedisCluster();
 *   cluster.url          // 'redis+cluster://127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3': a REDIS_URL
 *   cluster.nodes        // the masters: { port, url: 'redis://127.0.0.1:P' } for direct access
 *   await cluster.flushAll()   // empties every master (between tests)
 *   await cluster.kill(1)      // SIGKILLs one master (readiness tests; the cluster is down after)
 *   await cluster.stop()       // kills every server and removes the dirs
 *
 * Clusters have database 0 only, so a suite gets a cluster, not a database, of its own.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createClient } from 'redis';
import { freePort } from '../setup/global-setup';
import { waitForPort } from './wait-for-port';

export interface TestRedisCluster {
  url: string;
  nodes: Array<{ port: number; url: string }>;
  flushAll(): Promise<void>;
  kill(index: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Quick to converge while it forms (gossip runs at a fraction of it), then raised so a
 * starved CPU (2 cores, jest in parallel) never gets a live node marked failed.
 */
const FORMING_NODE_TIMEOUT_MS = 500;
const RUNNING_NODE_TIMEOUT_MS = 15_000;

const exec = promisify(execFile);

const stopProcess = async (child: ChildProcess): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
};

export const startRedisCluster = async (masters = 3): Promise<TestRedisCluster> => {
  if (spawnSync('redis-cli', ['--version']).error)
    throw new Error('redis-cli is not installed. Install it with: sudo apt-get install -y redis-tools');
  const dir = mkdtempSync(join(tmpdir(), 'hg-redis-cluster-'));
  const children: ChildProcess[] = [];
  const ports: number[] = [];
  try {
    for (let index = 0; index < masters; index += 1) {
      // The bus port is named: port + 10000, the default, can be above 65535 for a free port.
      const [port, busPort] = [await freePort(), await freePort()];
      const nodeDir = join(dir, String(port));
      mkdirSync(nodeDir);
      const child = spawn(
        'redis-server',
        // prettier-ignore
        [
          '--port', String(port), '--cluster-port', String(busPort), '--bind', '127.0.0.1',
          '--dir', nodeDir, '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf',
          '--cluster-node-timeout', String(FORMING_NODE_TIMEOUT_MS), '--save', '', '--appendonly', 'no',
        ],
        { stdio: 'ignore' },
      );
      children.push(child);
      ports.push(port);
    }
    await Promise.all(ports.map((port) => waitForPort(port)));
    await exec('redis-cli', [
      '--cluster',
      'create',
      ...ports.map((port) => `127.0.0.1:${port}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    await Promise.all(ports.map((port) => untilClusterOk(port)));
  } catch (err) {
    await Promise.all(children.map(stopProcess));
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const nodes = ports.map((port) => ({ port, url: `redis://127.0.0.1:${port}` }));
  // Kept open: suites empty the cluster before every test.
  const admins = nodes.map((node) => {
    const client = createClient({ url: node.url, RESP: 2, socket: { reconnectStrategy: false } });
    client.on('error', () => undefined);
    return client;
  });
  await Promise.all(admins.map((client) => client.connect()));
  return {
    url: `redis+cluster://${ports.map((port) => `127.0.0.1:${port}`).join(',')}`,
    nodes,
    flushAll: async () => {
      await Promise.all(admins.map((client) => client.flushAll()));
    },
    kill: async (index) => {
      admins[index].destroy();
      await stopProcess(children[index]);
    },
    stop: async () => {
      for (const client of admins) if (client.isOpen) client.destroy();
      await Promise.all(children.map(stopProcess));
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

/** One command on one node, on a connection of its own. */
const onNode = async (url: string, args: string[]): Promise<unknown> => {
  const client = createClient({ url, RESP: 2 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await client.sendCommand(args);
  } finally {
    client.destroy();
  }
};

/** Waits until this node sees every slot served, then gives it the running node timeout. */
const untilClusterOk = async (port: number): Promise<void> => {
  const url = `redis://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (String(await onNode(url, ['CLUSTER', 'INFO'])).includes('cluster_state:ok')) {
      await onNode(url, ['CONFIG', 'SET', 'cluster-node-timeout', String(RUNNING_NODE_TIMEOUT_MS)]);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Redis Cluster node ${port} did not reach cluster_state:ok within 5 s`);
};
