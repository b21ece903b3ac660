/**
 * `helpdesk-guard score` on worker threads, compiled and run with plain node as in
 * production (only compiled JavaScript starts workers: under jest and tsx, score runs
 * in-thread, which score-command.test.ts covers).
 */
import { spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import {
  collect,
  compileCli,
  countedWorkers,
  runCliOnFile,
  writeWorkerCounter,
  type CliRun,
  type CompiledCli,
} from '../../../support/compiled-cli';
import { dummySenderLines } from '../../../support/dummy-sender-lines';

const SCORE_ARGS = ['score', '--home-tenant', 'home', '--trusted', 'partner'];
const outputLines = (stdout: Buffer) =>
  stdout
    .toString()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const value = JSON.parse(line) as { displayName?: string; error?: string };
      return value.error === undefined ? { displayName: value.displayName } : { error: value.error };
    });

/** Resolves once `count` output lines have come (and nothing more is needed). */
const nextLines = (stream: NodeJS.ReadableStream, count: number): Promise<string[]> =>
  new Promise((resolve) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const lines = text.split('\n').filter(Boolean);
      if (text.endsWith('\n') && lines.length >= count) {
        stream.off('data', onData);
        resolve(lines);
      }
    };
    stream.on('data', onData);
  });

let cli: CompiledCli;
/** Children spawned by a test: one still running when the test ends is killed (a hang fails, not blocks). */
const children: ChildProcess[] = [];
const spawnNode = (args: string[], env: NodeJS.ProcessEnv = {}): ChildProcessWithoutNullStreams => {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env } });
  children.push(child);
  return child;
};
let counter: string;
const lines = dummySenderLines(30_000);
const inputFile = () => join(cli.dir, 'senders.jsonl');
const expected = lines.flatMap((line) => (line.expected ? [line.expected] : []));
const badCount = expected.filter((line) => 'error' in line).length;
let logs = 0;
/** Runs the CLI on the dummy input with the worker counter; resolves with the run and its worker count. */
const runCounted = async (file: string, args: string[]): Promise<CliRun & { workers: number }> => {
  const log = join(cli.dir, `workers-${(logs += 1)}.log`);
  const run = await runCliOnFile(file, args, inputFile(), {
    nodeArgs: ['-r', counter],
    env: { HG_WORKER_LOG: log },
  });
  return { ...run, workers: countedWorkers(log) };
};

beforeAll(() => {
  cli = compileCli();
  counter = writeWorkerCounter(cli.dir);
  writeFileSync(inputFile(), Buffer.concat(lines.map((line) => line.bytes)));
}, 120_000);

afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

afterAll(() => {
  if (cli) rmSync(cli.dir, { recursive: true, force: true });
});

describe('helpdesk-guard score on worker threads (compiled)', () => {
  let inThread: CliRun & { workers: number };
  beforeAll(async () => {
    inThread = await runCounted(cli.bundle, [...SCORE_ARGS, '--jobs', '1']);
  }, 60_000);

  it('scores in-thread with --jobs 1, in input order, with line numbers as readline counts them', () => {
    expect(inThread.workers).toBe(0);
    expect(outputLines(inThread.stdout)).toEqual(expected);
    expect(inThread.code).toBe(1);
    expect(inThread.stderr).toBe(`helpdesk-guard score: ${badCount} bad input lines\n`);
  });

  it.each([
    ['esbuild bundle', () => cli.bundle],
    ['tsc build', () => cli.tsc],
  ])('writes the same bytes with 3 workers as in-thread (%s)', async (_build, file) => {
    const pooled = await runCounted(file(), [...SCORE_ARGS, '--jobs', '3']);
    expect(pooled.workers).toBe(3);
    expect(outputLines(pooled.stdout)).toEqual(expected);
    expect(Buffer.compare(pooled.stdout, inThread.stdout)).toBe(0);
    expect(pooled.code).toBe(1);
    expect(pooled.stderr).toBe(inThread.stderr);
  });

  it('gives workers the whole policy: the profile, and --explain', async () => {
    const profile = join(cli.dir, 'profile.json');
    writeFileSync(
      profile,
      JSON.stringify({
        orgName: 'Fabrikam',
        helpdeskName: 'Fabrikam Service Desk',
        displayNames: ['Fabrikam Service Desk'],
        internalDomains: ['fabrikam.com'],
        contactChannels: ['A ticket in the portal'],
        detection: {
          threshold: 0.6,
          terms: [{ text: 'Schmidt', kind: 'role' }],
          partnerHelpdesks: [{ name: 'Tenant 7', domains: ['tenant7.onmicrosoft.com'] }],
        },
      }),
    );
    const args = [...SCORE_ARGS, '--profile', profile, '--explain'];
    const single = await runCounted(cli.bundle, [...args, '--jobs', '1']);
    const pooled = await runCounted(cli.bundle, [...args, '--jobs', '3']);
    expect(pooled.workers).toBe(3);
    expect(Buffer.compare(pooled.stdout, single.stdout)).toBe(0);
    const explained = pooled.stdout
      .toString()
      .split('\n')
      .filter((line) => line.startsWith('{"displayName"'))
      .map((line) => JSON.parse(line) as { displayName: string; threshold: number; partner?: string });
    expect(explained.every((line) => line.threshold === 0.6)).toBe(true);
    expect(explained.some((line) => line.partner === 'Tenant 7')).toBe(true);
    expect(explained.map((line) => line.displayName)).toEqual(
      expected.flatMap((line) => ('displayName' in line ? [line.displayName] : [])),
    );
  }, 60_000);

  it('starts one worker per core beyond the first by default (at most 8; none below 3 cores)', async () => {
    const cores = availableParallelism();
    const pooled = await runCounted(cli.bundle, SCORE_ARGS);
    expect(pooled.workers).toBe(cores >= 3 ? Math.min(cores - 1, 8) : 0);
    expect(Buffer.compare(pooled.stdout, inThread.stdout)).toBe(0);
  });

  it('answers interactive lines one by one, in-thread', async () => {
    const log = join(cli.dir, 'workers-interactive.log');
    const child = spawnNode(['-r', counter, cli.bundle, ...SCORE_ARGS, '--jobs', '2'], {
      HG_WORKER_LOG: log,
    });
    const done = collect(child);
    const answers: string[] = [];
    for (const displayName of ['IT Helpdesk', 'Anna Schmidt', 'Microsoft Support']) {
      const answer = nextLines(child.stdout, 1);
      child.stdin.write(`${JSON.stringify({ displayName })}\n`);
      answers.push(...(await answer));
    }
    child.stdin.end();
    expect((await done).code).toBe(0);
    expect(answers.map((line) => (JSON.parse(line) as { displayName: string }).displayName)).toEqual([
      'IT Helpdesk',
      'Anna Schmidt',
      'Microsoft Support',
    ]);
    expect(countedWorkers(log)).toBe(0);
  });

  it('hands over to workers when bulk input follows interactive lines, keeping order and line numbers', async () => {
    const first = Buffer.from('{"displayName":"IT Helpdesk"}\n\n{"displayName":7}\r\n');
    const bulk = Buffer.concat(lines.map((line) => line.bytes));
    const whole = join(cli.dir, 'interactive-then-bulk.jsonl');
    writeFileSync(whole, Buffer.concat([first, bulk]));
    const reference = await runCliOnFile(cli.bundle, [...SCORE_ARGS, '--jobs', '1'], whole);
    const log = join(cli.dir, 'workers-handover.log');
    const child = spawnNode(['-r', counter, cli.bundle, ...SCORE_ARGS, '--jobs', '2'], {
      HG_WORKER_LOG: log,
    });
    const done = collect(child);
    const answered = nextLines(child.stdout, 2);
    child.stdin.write(first);
    expect(await answered).toHaveLength(2);
    child.stdin.end(bulk);
    const run = await done;
    expect(countedWorkers(log)).toBe(2);
    expect(Buffer.compare(run.stdout, reference.stdout)).toBe(0);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`helpdesk-guard score: ${badCount + 1} bad input lines\n`);
  });

  it.each([
    ['in-thread', '1'],
    ['on workers', '2'],
  ])(
    'stops quietly when the reader of its output goes away, as `score | head` does (%s)',
    async (_mode, jobs) => {
      const child = spawnNode([cli.bundle, ...SCORE_ARGS, '--jobs', jobs]);
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      // It stops reading when its output fails: what is still in the pipe cannot be written.
      child.stdin.on('error', () => undefined);
      const exited = once(child, 'exit');
      const firstOutput = once(child.stdout, 'data');
      child.stdin.end(Buffer.concat(lines.map((line) => line.bytes)));
      await firstOutput;
      child.stdout.destroy();
      const [code] = await exited;
      expect(stderr).toBe('');
      expect(code).toBe(0);
    },
  );

  it('fails with a clear message when a worker crashes, though stdin stays open', async () => {
    const crash = join(cli.dir, 'crash-worker.js');
    writeFileSync(
      crash,
      [
        "const { isMainThread, parentPort } = require('node:worker_threads');",
        "if (!isMainThread) parentPort.once('message', () => { throw new Error('injected crash'); });",
      ].join('\n'),
    );
    const child = spawnNode(['-r', crash, cli.bundle, ...SCORE_ARGS, '--jobs', '2']);
    // The CLI stops reading when it fails: what is still in the pipe cannot be written.
    const writeErrors: Error[] = [];
    child.stdin.on('error', (err) => writeErrors.push(err));
    const done = collect(child);
    child.stdin.write(Buffer.concat(lines.slice(0, 2_000).map((line) => line.bytes)));
    const run = await done;
    child.stdin.destroy();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('helpdesk-guard: a score worker failed: injected crash');
    expect(writeErrors.every((err) => (err as NodeJS.ErrnoException).code === 'EPIPE')).toBe(true);
  });
});
