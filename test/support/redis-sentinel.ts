/**
 * A real Sentinel set for tests: one master `redis-server` and one sentinel (`redis-server
 * <conf> --sentinel`) watching it, on free loopback ports, in a temp dir of their own.
 *
 *   const sentinel = await startRedisSentinel({ password: 'dummy-redis-password' });
 *   sentinel.url         // 'redis+sentinel://:dummy-redis-password@127.0.0.1:S/hg-master': a REDIS_URL
 *   sentinel.masterUrl   // 'redis://:...@127.0.0.1:M' for direct access to the master
 *   await sentinel.flushAll()
 *   await sentinel.stop()     // kills both and removes the dir
 *
 * With `password` the master requires it (requirepass) and the sentinel knows it
 * (auth-pass), so the URL's credentials are exercised; the sentinel itself needs none.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { freePort } from '../setup/global-setup';
import { waitForPort } from './wait-for-port';

export const TEST_MASTER_NAME = 'hg-master';

export interface TestRedisSentinel {
  url: string;
  masterUrl: string;
  masterName: string;
  flushAll(): Promise<void>;
  stop(): Promise<void>;
}

const stopProcess = async (child: ChildProcess): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
};

export const startRedisSentinel = async (options: { password?: string } = {}): Promise<TestRedisSentinel> => {
  const dir = mkdtempSync(join(tmpdir(), 'hg-redis-sentinel-'));
  const [masterPort, sentinelPort] = [await freePort(), await freePort()];
  const auth = options.password === undefined ? [] : ['--requirepass', options.password];
  const children: ChildProcess[] = [];
  const userinfo = options.password === undefined ? '' : `:${encodeURIComponent(options.password)}@`;
  const masterUrl = `redis://${userinfo}127.0.0.1:${masterPort}`;
  try {
    children.push(
      spawn(
        'redis-server',
        [
          '--port',
          String(masterPort),
          '--bind',
          '127.0.0.1',
          '--dir',
          dir,
          '--save',
          '',
          '--appendonly',
          'no',
          ...auth,
        ],
        { stdio: 'ignore' },
      ),
    );
    await waitForPort(masterPort);
    // The sentinel rewrites its file (what it learned), so it gets one of its own.
    const conf = join(dir, 'sentinel.conf');
    writeFileSync(
      conf,
      [
        `port ${sentinelPort}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${TEST_MASTER_NAME} 127.0.0.1 ${masterPort} 1`,
        // No failover in these tests: a loaded CPU must not make the master look down.
        `sentinel down-after-milliseconds ${TEST_MASTER_NAME} 60000`,
        ...(options.password === undefined
          ? []
          : [`sentinel auth-pass ${TEST_MASTER_NAME} ${options.password}`]),
        '',
      ].join('\n'),
    );
    children.push(spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' }));
    await waitForPort(sentinelPort);
  } catch (err) {
    await Promise.all(children.map(stopProcess));
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `redis+sentinel://${userinfo}127.0.0.1:${sentinelPort}/${TEST_MASTER_NAME}`,
    masterUrl,
    masterName: TEST_MASTER_NAME,
    flushAll: async () => {
      const client = createClient({ url: masterUrl, RESP: 2 });
      client.on('error', () => undefined);
      await client.connect();
      try {
        await client.flushAll();
      } finally {
        client.destroy();
      }
    },
    stop: async () => {
      await Promise.all(children.map(stopProcess));
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
