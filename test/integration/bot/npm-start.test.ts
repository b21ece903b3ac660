import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../setup/global-setup';

const ROOT = join(__dirname, '..', '..', '..');

/** The command line of a live process, or undefined once it has gone. */
const commandLine = (pid: number): string | undefined => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return undefined;
  }
};

/** The processes `pid` started (Linux: /proc/<pid>/task/<tid>/children). */
const childrenOf = (pid: number): number[] =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);

describe('npm start', () => {
  // Compiling dist/ from nothing takes tsc a while on a busy two-core machine.
  jest.setTimeout(120_000);

  it('compiles dist/, runs the compiled bot with its heap budget, and stops it on SIGTERM', async () => {
    const port = await freePort();
    const npm = spawn('npm', ['start'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: String(port) },
    });
    let stdout = '';
    let stderr = '';
    npm.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    npm.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => npm.on('exit', resolve));
    try {
      const deadline = Date.now() + 110_000;
      while (!stdout.includes('helpdesk-guard listening')) {
        if (Date.now() > deadline || npm.exitCode !== null)
          throw new Error(`npm start did not listen; stdout: ${stdout}; stderr: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }

      // npm's own child is the bot itself (the script execs node): SIGTERM reaches it.
      const [bot] = childrenOf(npm.pid!);
      expect(commandLine(bot!)).toBe('node --max-old-space-size=256 dist/bot/index.js');
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });

      npm.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stdout).toContain('"msg":"shutting down"');
      expect(commandLine(bot!)).toBeUndefined();
    } finally {
      if (npm.exitCode === null) npm.kill('SIGKILL');
    }
  });
});
