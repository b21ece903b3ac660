import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../setup/global-setup';

const ROOT = join(__dirname, '..', '..', '..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the entry point `npm start` runs, from its TypeScript source (npm-start.test.ts
 * runs the compiled one), with a clean environment.
 */
const runBot = (env: Record<string, string>, untilStdout?: RegExp): Promise<Run> =>
  new Promise((resolve, reject) => {
    // One node process, as `npm start` execs it, so signals reach the bot itself.
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bot', 'index.ts')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bot did not finish in time; stdout: ${stdout}; stderr: ${stderr}`));
    }, 15_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (untilStdout?.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });

describe('starting the bot', () => {
  it('refuses production without credentials, naming the missing settings, with a non-zero exit', async () => {
    const run = await runBot({ NODE_ENV: 'production' });

    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('helpdesk-guard cannot start');
    expect(run.stderr).toContain('MicrosoftAppId is required in production');
    expect(run.stderr).toContain('HOME_TENANT_ID is required in production');
  });

  it('starts in local mode with a loud warning, and exits 0 on SIGTERM', async () => {
    const port = await freePort();

    const run = await runBot({ PORT: String(port) }, /helpdesk-guard listening/);

    expect(run.stderr).toContain('LOCAL MODE');
    expect(run.stdout).toContain(`"port":${port}`);
    expect(run.code).toBe(0);
  });

  it('refuses a broken helpdesk profile with the file name', async () => {
    const run = await runBot({ HELPDESK_PROFILE_FILE: '/nonexistent/profile.json' });

    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("Cannot read HELPDESK_PROFILE_FILE '/nonexistent/profile.json'");
  });
});
