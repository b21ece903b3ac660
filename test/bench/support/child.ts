/**
 * The bench's child processes (the bot, the baselines, the stand-ins), each forked with
 * an IPC channel (and tsx's loader for a .ts file): `ask` sends a request and resolves
 * with the first reply of the type asked for. Each child exits when its parent goes away
 * (a crashed bench must leave nothing behind).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface BenchChild<Ready> {
  process: ChildProcess;
  pid: number;
  ready: Ready;
  /** The last lines it printed (stdout and stderr), for a failure's message. */
  output(): string;
  ask<R extends { type: string }>(request: object, type: R['type']): Promise<R>;
  /** Sends {type:'stop'}, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** Kills it at once (a crash, not a shutdown). */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const KEEP_CHARS = 20_000;

export interface ForkOptions {
  args?: string[];
  /** The whole environment of the child (nothing is inherited but PATH and HOME). */
  env?: Record<string, string>;
  /** Called with every chunk it prints (the bot's warn and error log lines are counted). */
  onOutput?: (text: string) => void;
  /** Node flags before the file (tsx's loader is added for a .ts file). */
  nodeFlags?: string[];
}

export const forkBenchChild = async <Ready extends { type: string }>(
  file: string,
  options: ForkOptions = {},
): Promise<BenchChild<Ready>> => {
  const child = fork(join(__dirname, file), options.args ?? [], {
    execArgv: [...(options.nodeFlags ?? []), ...(file.endsWith('.ts') ? ['--import', 'tsx'] : [])],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let text = '';
  const keep = (chunk: Buffer) => {
    const s = chunk.toString();
    text = (text + s).slice(-KEEP_CHARS);
    options.onOutput?.(s);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const ready = await new Promise<Ready>((resolve, reject) => {
    const early = (code: number | null) =>
      reject(new Error(`bench process ${file} exited early (code ${code}):\n${text}`));
    child.once('error', reject);
    child.once('exit', early);
    const onMessage = (reply: { type: string }) => {
      if (reply.type !== 'ready') return;
      child.off('exit', early);
      child.off('message', onMessage);
      resolve(reply as Ready);
    };
    child.on('message', onMessage);
  });
  const waitExit = () =>
    exited() ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    process: child,
    pid: child.pid!,
    ready,
    output: () => text,
    ask: <R extends { type: string }>(request: object, type: R['type']) =>
      new Promise<R>((resolve, reject) => {
        if (exited()) {
          reject(new Error(`bench process ${file} has exited:\n${text}`));
          return;
        }
        const onExit = (code: number | null) =>
          reject(new Error(`bench process ${file} exited (code ${code}):\n${text}`));
        const onMessage = (reply: R) => {
          if (reply.type !== type) return;
          child.off('message', onMessage);
          child.off('exit', onExit);
          resolve(reply);
        };
        child.on('message', onMessage);
        child.once('exit', onExit);
        child.send(request);
      }),
    stop: async (graceMs = 8_000) => {
      if (exited()) return;
      const done = waitExit();
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await done;
      clearTimeout(timer);
    },
    kill: async (signal = 'SIGKILL') => {
      if (exited()) return;
      const done = waitExit();
      child.kill(signal);
      await done;
    },
  };
};

/** For a child: exit when the parent goes away. */
export const exitWithParent = (): void => {
  process.on('disconnect', () => process.exit(0));
};
