/**
 * `helpdesk-guard score` on several cores: the main thread cuts the input into batches
 * of whole lines, worker threads score them (src/cli/score-worker.ts), and the main
 * thread writes their output in input order.
 *
 * The worker runs this module's own file: __filename is dist/src/cli/score-pool.js in
 * the tsc build, and cli.js in an esbuild single-file bundle, where src/cli.ts loads this
 * module in a worker thread. Either way the module-level check at the bottom starts it.
 */
import { Worker, isMainThread, workerData } from 'node:worker_threads';
import type { CliIo } from './cli-io';
import {
  SCORE_WORKER_ROLE,
  serveScoreBatches,
  type ScoreBatch,
  type ScoreBatchResult,
  type ScorePolicy,
  type ScoreWorkerData,
} from './score-worker';

/** About this much text per batch: large enough that messaging costs little, cut at a newline. */
const BATCH_CHARS = 64 * 1024;
/** Batches sent and not yet written, per worker: reading stdin waits beyond this. */
const PENDING_PER_WORKER = 4;

/**
 * Whether this code can start workers: only when it is compiled JavaScript (the tsc
 * build or an esbuild bundle). Under tsx and jest (@swc/jest compiles in-process)
 * __filename is a .ts file that plain node cannot load in a worker: those score in-thread.
 */
export const canStartScoreWorkers = (): boolean => __filename.endsWith('.js');

/** The lines `text` holds, counted as readline counts them: \n, \r\n or a lone \r ends one. */
const countLines = (text: string): number => {
  let lines = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines += 1;
  for (let at = text.indexOf('\r'); at >= 0; at = text.indexOf('\r', at + 1))
    if (text.charCodeAt(at + 1) !== 10) lines += 1;
  return lines;
};

/** Stops reading `input`: an open stdin (a terminal, a pipe) would keep the process waiting. */
export const stopReading = (input: NodeJS.ReadableStream): void => {
  const stream = input as Partial<{ destroy(): void; readableEnded: boolean }>;
  if (!stream.readableEnded) stream.destroy?.();
};

export interface ScorePool {
  /** Scores the complete lines of the next input text; waits while too much is pending. */
  write(text: string): Promise<void>;
  /** Scores the rest at the end of input, waits until all is written; resolves with the bad-line count. */
  end(text: string): Promise<number>;
  /** Why a worker failed, if one did. */
  readonly failure: Error | undefined;
  /** Stops the workers. */
  close(): Promise<void>;
}

/**
 * Starts `jobs` workers scoring with `policy`; the first line they get is line
 * `lineNumber + 1`. Output goes to io.stdout; if a worker fails, reading io.stdin stops
 * and every wait rejects with the failure.
 */
export const startScorePool = (
  policy: ScorePolicy,
  jobs: number,
  io: Pick<CliIo, 'stdin' | 'stdout'>,
  lineNumber: number,
): ScorePool => {
  const data: ScoreWorkerData = { role: SCORE_WORKER_ROLE, policy };
  const workers = Array.from({ length: jobs }, () => new Worker(__filename, { workerData: data }));
  /** Every batch sent and not yet written, in input order; how many each worker has. */
  const order: Array<{ id: number; result?: ScoreBatchResult }> = [];
  const busy = workers.map(() => 0);
  let nextId = 0;
  let partial = '';
  let bad = 0;
  /** stdout asked us to wait (its buffer is full): reading pauses until it drains. */
  let full = false;
  let closing = false;
  let failure: Error | undefined;
  /** Resolves the one wait in progress (the reader's) when something changed. */
  let wake: (() => void) | undefined;
  const signal = (): void => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const waitFor = async (ready: () => boolean): Promise<void> => {
    for (;;) {
      if (failure) throw failure;
      if (ready()) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  const onDrain = (): void => {
    full = false;
    signal();
  };
  io.stdout.on('drain', onDrain);
  /** Writes the output of the batches at the head of the order that are done. */
  const deliver = (): void => {
    while (order.length > 0 && order[0].result) {
      const { chunks, bad: badLines } = order[0].result;
      order.shift();
      bad += badLines;
      for (const { bytes, length } of chunks)
        if (!io.stdout.write(Buffer.from(bytes, 0, length))) full = true;
    }
    signal();
  };
  const fail = (error: Error): void => {
    if (closing || failure) return;
    failure = error;
    stopReading(io.stdin);
    signal();
  };
  /** stdout failed (its reader went away): nothing more can be written, so the pool stops. */
  const onOutputError = (error: Error): void => fail(error);
  io.stdout.on('error', onOutputError);
  workers.forEach((worker, i) => {
    worker.on('message', (result: ScoreBatchResult) => {
      busy[i] -= 1;
      const slot = order.find((pending) => pending.id === result.id);
      if (slot) slot.result = result;
      deliver();
    });
    worker.on('error', (err: unknown) =>
      fail(new Error(`a score worker failed: ${err instanceof Error ? err.message : String(err)}`)),
    );
    worker.on('messageerror', (err) =>
      fail(new Error(`a score worker's reply was unreadable: ${err.message}`)),
    );
    worker.on('exit', (code) => fail(new Error(`a score worker stopped unexpectedly (exit code ${code})`)));
  });
  const submit = async (text: string, last: boolean): Promise<void> => {
    await waitFor(() => order.length < jobs * PENDING_PER_WORKER && !full);
    let target = 0;
    for (let i = 1; i < busy.length; i += 1) if (busy[i] < busy[target]) target = i;
    const batch: ScoreBatch = { id: nextId++, text, firstLine: lineNumber + 1, last };
    order.push({ id: batch.id });
    busy[target] += 1;
    workers[target].postMessage(batch);
    lineNumber += countLines(text);
  };
  return {
    async write(chunk) {
      const text = partial + chunk;
      const lastNewline = text.lastIndexOf('\n');
      for (let from = 0, end = 0; from <= lastNewline; from = end) {
        end = lastNewline + 1;
        if (end - from > BATCH_CHARS) {
          const cut = text.lastIndexOf('\n', from + BATCH_CHARS - 1);
          end = (cut >= from ? cut : text.indexOf('\n', from + BATCH_CHARS)) + 1;
        }
        await submit(text.slice(from, end), false);
      }
      partial = text.slice(lastNewline + 1);
    },
    async end(chunk) {
      const rest = partial + chunk;
      partial = '';
      if (rest !== '') await submit(rest, true);
      await waitFor(() => order.length === 0 && !full);
      return bad;
    },
    get failure() {
      return failure;
    },
    async close() {
      closing = true;
      io.stdout.off('drain', onDrain);
      io.stdout.off('error', onOutputError);
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
};

// A worker thread started by startScorePool (this file, or the bundle holding it): serve.
if (!isMainThread && (workerData as Partial<ScoreWorkerData> | null)?.role === SCORE_WORKER_ROLE)
  serveScoreBatches((workerData as ScoreWorkerData).policy);
