import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../setup/global-setup';

const ROOT = join(__dirname, '..', '..');

/**
 * The real entry point (bot/index.ts, which `npm start` runs compiled) in its own process,
 * for what must survive anything.
 */
export interface BotProcess {
  url: string;
  pid: number;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  stdout(): string;
  stderr(): string;
  /**
   * What it printed on stderr that is neither the local-mode banner nor a Node deprecation
   * warning: an unhandled rejection, a stack trace, an SDK's console.error.
   */
  unexpectedStderr(): string;
  /** Its JSON log lines so far, parsed (stdout). */
  logLines(): Array<Record<string, unknown>>;
  /** True while the process has not exited. */
  alive(): boolean;
  post(path: string, body: string | Buffer, headers?: Record<string, string>): Promise<Response>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (null when killed). */
  stop(graceMs?: number): Promise<number | null>;
}

const BANNER = /^\*{78}\n {2}LOCAL MODE:[^]*?\n\*{78}\n/;
const DEPRECATION =
  /^\(node:\d+\) \[DEP\d+\] DeprecationWarning: .*\n(?:\(Use `node --trace-deprecation.*\n)?/gm;

const unexpectedIn = (stderr: string): string => stderr.replace(BANNER, '').replace(DEPRECATION, '');

/** Starts `node --import tsx bot/index.ts` with a clean environment and waits until it listens. */
export const startBotProcess = async (env: Record<string, string> = {}): Promise<BotProcess> => {
  const port = await freePort();
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'bot', 'index.ts')],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: String(port), ...env },
    },
  );
  let stdout = '';
  let stderr = '';
  let exited = false;
  let exitCode: number | null = null;
  const exit = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      exited = true;
      exitCode = code;
      resolve(code);
    }),
  );
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + 20_000;
  while (!stdout.includes('helpdesk-guard listening')) {
    if (exited) throw new Error(`the bot exited (${exitCode}) before listening:\n${stdout}\n${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the bot did not listen in time:\n${stdout}\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    pid: child.pid!,
    output: () => `${stdout}\n${stderr}`,
    stdout: () => stdout,
    stderr: () => stderr,
    unexpectedStderr: () => unexpectedIn(stderr),
    logLines: () =>
      stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    alive: () => !exited,
    post: (path, body, headers = {}) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      }),
    stop: async (graceMs = 10_000) => {
      if (!exited) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exit;
      clearTimeout(timer);
      return code;
    },
  };
};
