import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForPort } from '../support/wait-for-port';

/** A free TCP port on loopback, found by letting the OS pick one. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });

/**
 * Starts a private redis-server on a free port for the whole run (never the machine's
 * 6379). Each jest worker uses its own database number on it (test/support/redis.ts).
 */
export default async function globalSetup(): Promise<void> {
  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error('redis-server is not installed. Install it with: sudo apt-get install -y redis-server');
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'hg-redis-'));
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
      '--databases',
      '64',
    ],
    { stdio: 'ignore' },
  );
  await waitForPort(port);
  process.env.HG_TEST_REDIS_PORT = String(port);
  (globalThis as { __hgRedis?: typeof child }).__hgRedis = child;
}
