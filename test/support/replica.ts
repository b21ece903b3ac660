import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../setup/global-setup';

const ROOT = join(__dirname, '..', '..');

/**
 * One bot replica in its own process (what `npm start` runs), for fault tests: unlike
 * bot-process.ts it is ready as soon as its port answers (it may be waiting for Redis),
 * and it can be SIGKILLed and started again under the same REPLICA_ID and port.
 */
export interface Replica {
  name: string;
  url: string;
  /** Everything it printed, stdout and stderr, since it was first started. */
  output(): string;
  alive(): boolean;
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again with the same environment and port. */
  restart(): Promise<void>;
}

const waitForPort = async (url: string, child: ChildProcessWithoutNullStreams, output: () => string) => {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`replica exited (${child.exitCode}) before listening:\n${output()}`);
    try {
      await fetch(`${url}/healthz`);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`replica did not listen in time:\n${output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
};

/** Starts `node --import tsx bot/index.ts` as replica `name` (its REPLICA_ID) with `env`. */
export const startReplica = async (name: string, env: Record<string, string>): Promise<Replica> => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let text = '';
  let child: ChildProcessWithoutNullStreams;
  const launch = async (): Promise<void> => {
    child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bot', 'index.ts')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        PORT: String(port),
        REPLICA_ID: name,
        ...env,
      },
    });
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    await waitForPort(url, child, () => text);
  };
  await launch();
  return {
    name,
    url,
    output: () => text,
    alive: () => child.exitCode === null && child.signalCode === null,
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
    },
    restart: launch,
  };
};
