import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

interface Run {
  code: number | null;
  output: string;
}

/** Runs the real entry point (what `npm start` runs) with a clean environment; stdout and stderr together. */
const runBot = (env: Record<string, string>): Promise<Run> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bot', 'index.ts')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bot did not exit in time; output: ${output}`));
    }, 15_000);
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });

describe('starting the bot with credentials in a refused URL', () => {
  it.each([
    [
      'EVENT_WEBHOOK_URL with user:password and a sig',
      {
        EVENT_WEBHOOK_URL: 'http://user:PASSWORD@127.0.0.1:9/hook?sig=SIGSECRET',
        EVENT_WEBHOOK_SECRET: 'dummy-webhook-secret-0123456789',
      },
      'EVENT_WEBHOOK_URL must not contain a user name or password',
    ],
    [
      'SYSLOG_TARGET with user:password and no port',
      { SYSLOG_TARGET: 'tcp://user:PASSWORD@siem.example.com' },
      'SYSLOG_TARGET must look like tcp://host:port',
    ],
    // Accepted before, node-redis then threw an error whose `input` (printed on stderr) was the URL.
    [
      'REDIS_URL with a password and a bad port',
      { REDIS_URL: 'redis://:PASSWORD@127.0.0.1:99999' },
      'REDIS_URL must be a valid URL',
    ],
  ])('names the setting, exits 78, and never prints the password: %s', async (_case, env, problem) => {
    const run = await runBot(env);

    expect(run.code).toBe(78);
    expect(run.output).toContain('helpdesk-guard cannot start');
    expect(run.output).toContain(problem);
    expect(run.output).not.toMatch(/PASSWORD|SIGSECRET/);
  });
});
