import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The project's playground config: the mock tenant and users (see its comments). */
export const PLAYGROUND_CONFIG = join(__dirname, '..', '..', '..', '.m365agentsplayground.yml');

export interface RunningPlayground {
  /** The playground's web page, e.g. http://127.0.0.1:56150/ */
  url: string;
  /** Everything it printed so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface PlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages */
  appEndpoint: string;
  /** Asked for; the playground moves to a random port when it is taken, so read `url`. */
  port: number;
  startTimeoutMs?: number;
}

const LISTENING = /Listening on (\d+)/;

/**
 * Starts `agentsplayground start` as a child in its own process group (so stop() ends
 * it and anything it spawned), with no browser to open, telemetry off, the project's
 * config file, and its log file in a temp dir instead of ./devTools.
 */
export const startPlayground = async ({
  appEndpoint,
  port,
  startTimeoutMs = 20_000,
}: PlaygroundOptions): Promise<RunningPlayground> => {
  const workDir = mkdtempSync(join(tmpdir(), 'hg-playground-'));
  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
  const child = spawn(
    process.execPath,
    [
      cli,
      'start',
      '--app-endpoint',
      appEndpoint,
      '--channel-id',
      'msteams',
      '--port',
      String(port),
      '--disable-telemetry',
    ],
    {
      cwd: workDir,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        TEAMSAPPTESTER_BROWSER: 'none',
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: PLAYGROUND_CONFIG,
        M365_AGENTS_PLAYGROUND_LOGFILE: join(workDir, 'm365agentsplayground.log'),
      },
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const stop = async (): Promise<void> => {
    await killGroup(child);
    rmSync(workDir, { recursive: true, force: true });
  };

  try {
    const listeningOn = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`the playground did not start within ${startTimeoutMs} ms. Output:\n${output}`)),
        startTimeoutMs,
      );
      const onData = (): void => {
        const match = LISTENING.exec(output);
        if (!match) return;
        clearTimeout(timer);
        resolve(Number(match[1]));
      };
      child.stdout?.on('data', onData);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(
          new Error(
            `the playground exited (code ${code}, signal ${signal}) before listening. Output:\n${output}`,
          ),
        );
      });
    });
    return { url: `http://127.0.0.1:${listeningOn}/`, output: () => output, stop };
  } catch (err) {
    await stop();
    throw err;
  }
};

/** SIGTERM to the whole process group, SIGKILL if it is still there after 5 s. */
const killGroup = async (child: ChildProcess): Promise<void> => {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child.pid, 'SIGTERM');
  const force = setTimeout(() => signalGroup(child.pid as number, 'SIGKILL'), 5_000);
  await exited;
  clearTimeout(force);
};

const signalGroup = (pid: number, signal: NodeJS.Signals): void => {
  try {
    process.kill(-pid, signal);
  } catch (err) {
    // ESRCH: the group is already gone, which is what we wanted.
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
};
