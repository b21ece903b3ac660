import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../setup/global-setup';
import { waitForPort } from './wait-for-port';

/**
 * A redis-server of one test's own, for tests that kill or restart Redis (the shared one
 * of test/setup must never go down under other suites). Its data directory outlives a
 * kill, so a restart on the same port finds its append-only file.
 */
export interface PrivateRedis {
  url: string;
  port: number;
  /** SIGKILL: a crash, not a shutdown (nothing flushed but what fsync already wrote). */
  kill(): Promise<void>;
  /** Starts it again on the same port and directory; resolves once it takes connections. */
  start(): Promise<void>;
  /** Kills it and removes its directory. */
  stop(): Promise<void>;
}

export interface PrivateRedisOptions {
  /**
   * appendonly yes with appendfsync always: every acknowledged write is on disk before
   * Redis answers, the setting README's admin guide asks for where nothing may be lost.
   */
  durable?: boolean;
  /** A port to use (e.g. one a bot is already trying to reach); a free one otherwise. */
  port?: number;
  /** Start now (default) or leave it for start(). */
  started?: boolean;
}

export const startPrivateRedis = async (options: PrivateRedisOptions = {}): Promise<PrivateRedis> => {
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'hg-redis-private-'));
  const durability = options.durable
    ? ['--appendonly', 'yes', '--appendfsync', 'always']
    : ['--appendonly', 'no'];
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...durability],
      { stdio: 'ignore' },
    );
    await waitForPort(port);
  };

  const kill = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };

  if (options.started !== false) await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill,
    start,
    stop: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
