/**
 * A `helpdesk-guard score` worker thread: builds its own detector from the command's
 * policy and scores the batches of lines the main thread sends, with the line logic of
 * the in-thread path (src/cli/score-lines.ts), so the output is the same, byte for byte.
 */
import { parentPort } from 'node:worker_threads';
import { createDetector, type DetectionPolicy } from '../detection';
import { createLineScorer, createLineWriter } from './score-lines';

/** workerData.role of a score worker: the module the worker loads starts serving on it. */
export const SCORE_WORKER_ROLE = 'helpdesk-guard-score';

/** The whole policy (plain data: it is copied to each worker), and whether lines are explained. */
export interface ScorePolicy {
  detection: DetectionPolicy;
  /** `--explain`: each line also carries the weights, the parts and the threshold. */
  explain: boolean;
}

export interface ScoreWorkerData {
  role: typeof SCORE_WORKER_ROLE;
  policy: ScorePolicy;
}

/** Lines to score: whole lines (the text ends with \n) unless it is the end of the input. */
export interface ScoreBatch {
  /** Sent back with the result: the main thread orders results by it. */
  id: number;
  text: string;
  /** The number of the batch's first line in the whole input. */
  firstLine: number;
  /** The end of the input: the text after the last newline is a line too. */
  last: boolean;
}

/** A batch's output lines, UTF-8, in buffers whose memory moved to the main thread. */
export interface ScoreBatchResult {
  id: number;
  chunks: Array<{ bytes: ArrayBuffer; length: number }>;
  /** How many of the batch's lines were bad. */
  bad: number;
}

/** Output buffer size: a 64 KB batch of senders makes about 150 KB of verdicts. */
const OUT_BYTES = 256 * 1024;

/**
 * Serves score batches on parentPort, one reply per batch, with its id. A throw while
 * scoring is an unhandled rejection: it ends the worker, and the pool reports it.
 */
export const serveScoreBatches = (policy: ScorePolicy): void => {
  const port = parentPort;
  if (!port) throw new Error('serveScoreBatches runs in a worker thread only');
  const detector = createDetector(policy.detection);
  const serve = async (batch: ScoreBatch): Promise<void> => {
    const buffers: Buffer[] = [];
    const writer = createLineWriter(OUT_BYTES, (bytes) => buffers.push(bytes));
    const scorer = createLineScorer(detector, writer.emit, batch.firstLine - 1, policy.explain);
    const rest = await scorer.take(batch.text);
    if (batch.last) scorer.finish(batch.text.slice(rest));
    writer.send();
    // Each buffer has its own memory (createLineWriter allocates outside the pool): moved, not copied.
    const result: ScoreBatchResult = {
      id: batch.id,
      chunks: buffers.map((bytes) => ({ bytes: bytes.buffer as ArrayBuffer, length: bytes.length })),
      bad: scorer.bad,
    };
    port.postMessage(
      result,
      result.chunks.map((chunk) => chunk.bytes),
    );
  };
  // Not awaited on purpose: a rejection is unhandled, which ends the worker (see above).
  port.on('message', (batch: ScoreBatch) => void serve(batch));
};
