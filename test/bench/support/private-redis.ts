import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectRedis } from '../../../src/store/redis';
import { freePort } from '../../setup/global-setup';

/**
 * Runs `work` against a private redis-server on a free port (never the machine's 6379),
 * with a data folder of its own; the server is stopped and the folder removed afterwards.
 */
export const withPrivateRedis = async <T>(work: (url: string) => Promise<T>): Promise<T> => {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'hg-bench-redis-'));
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const exited = new Promise((resolve) => server.once('exit', resolve));
  try {
    for (let i = 0; ; i += 1) {
      try {
        (await connectRedis(`redis://127.0.0.1:${port}`)).destroy();
        break;
      } catch (err) {
        if (i === 99) throw err;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    return await work(`redis://127.0.0.1:${port}`);
  } finally {
    server.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
};
