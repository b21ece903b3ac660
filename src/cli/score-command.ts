/**
 * `helpdesk-guard score [--home-tenant ID] [--trusted ID,ID] [--profile FILE] [--threshold N]
 * [--explain] [--jobs N]`: JSON lines of senders on stdin, one verdict per line on stdout, in
 * the same order, as they come. A bad line gets an error line in its place (the order holds)
 * and a non-zero exit. It reads the helpdesk profile and threshold the bot reads
 * (score-settings.ts). Bulk input is scored by worker threads (src/cli/score-pool.ts), the
 * rest in-thread.
 */
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import { createDetector } from '../detection';
import { isGuardError } from '../errors';
import type { CliIo } from './cli-io';
import { createLineScorer, createLineWriter, type LineScorer } from './score-lines';
import { canStartScoreWorkers, startScorePool, stopReading, type ScorePool } from './score-pool';
import { scorePolicyOf, type ScoreSettingFlags } from './score-settings';
import type { ScorePolicy } from './score-worker';

export { formatExplanation, formatVerdict, jsonString, parseSenderLine } from './score-lines';

const USAGE = [
  'Usage: helpdesk-guard score [--home-tenant ID] [--trusted ID,ID] [--profile FILE] [--threshold N]',
  '                            [--explain] [--jobs N]',
  '',
  'Reads JSON lines {"displayName": ..., "upn": ..., "tenantId": ...} on stdin and writes',
  '{"displayName": ..., "verdict": "warn"|"none", "score": 0..1, "reasons": [...]} per line.',
  'A line without tenantId counts as external unless it matches --home-tenant.',
  '',
  '--profile FILE  the helpdesk profile, as the bot reads it (default: HELPDESK_PROFILE_FILE,',
  '                else none): your names, domains, terms, partner helpdesks and threshold.',
  '--threshold N   the score from which a sender is warned about (default: DETECTION_THRESHOLD,',
  "                else the profile's detection.threshold, else 0.5).",
  "--explain       each line also gives the threshold, the name's and the address's scores",
  '                ("parts") and each reason\'s weight.',
  '--jobs N        worker threads for bulk input (default: one per core beyond the first, at',
  '                most 8; none below three cores; 1: none).',
  '                Lines that come a few at a time are answered at once, in-thread; workers start',
  '                when one read brings 64 KB or 1 MB has come. Run by tsx, it is all in-thread.',
].join('\n');

/**
 * Output lines are encoded straight into a buffer of this size (no long string to build
 * and encode again), written at least once per input chunk and whenever it is nearly full.
 */
const OUT_BYTES = 256 * 1024;
const FLUSH_BYTES = 192 * 1024;
/**
 * Input is bulk, and worth starting workers for, once one read brings this much (a pipe
 * or a file with more waiting; a terminal hands over a line at a time) or once this much
 * has come in all (a producer that writes in small pieces, or a system with small pipes).
 */
const BULK_READ_BYTES = 64 * 1024;
const BULK_TOTAL_BYTES = 1024 * 1024;
const MAX_DEFAULT_JOBS = 8;

/**
 * Worker threads by default on a machine with `cores` cores: the main thread keeps one
 * core busy reading, cutting and writing, so one worker per core beyond it, at most 8.
 * Below three cores workers only compete with the main thread: measured on two cores,
 * two workers took as long as scoring in-thread with 60% more CPU, so none (1: in-thread).
 */
export const defaultJobs = (cores: number): number =>
  cores >= 3 ? Math.min(cores - 1, MAX_DEFAULT_JOBS) : 1;
const BOM = 0xfeff;
const MAX_JOBS = 64;
/** Exit code for a setting refused at start (EX_CONFIG), as the bot exits. */
export const CONFIG_EXIT = 78;

export type ScoreFlags = ScoreSettingFlags & {
  /** Worker threads for bulk input; 1 scores in-thread. Default: defaultJobs(cores). */
  jobs?: number;
  /** Each line also carries the weights, the parts and the threshold. */
  explain?: true;
};

const VALUE_FLAGS = new Set(['--home-tenant', '--trusted', '--threshold', '--jobs', '--profile']);

/** Parses the flags; a string is the usage error to print. */
export const parseScoreFlags = (args: string[]): ScoreFlags | { help: true } | string => {
  const flags: ScoreFlags = { homeTenantId: '', trustedTenantIds: [] };
  for (let i = 0; i < args.length; i += 1) {
    const [flag, inline] =
      args[i].startsWith('--') && args[i].includes('=') ? args[i].split(/=(.*)/s, 2) : [args[i], undefined];
    if (flag === '--help' || flag === '-h') return { help: true };
    if (flag === '--explain') {
      if (inline !== undefined) return '--explain takes no value';
      flags.explain = true;
      continue;
    }
    if (!VALUE_FLAGS.has(flag)) return `unknown option '${args[i]}'`;
    const value = inline ?? args[++i];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--')))
      return `${flag} needs a value`;
    if (flag === '--home-tenant') flags.homeTenantId = value.trim();
    else if (flag === '--profile') flags.profile = value;
    else if (flag === '--trusted')
      flags.trustedTenantIds = value
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean);
    else if (flag === '--jobs') {
      const jobs = Number(value);
      if (!/^\d+$/.test(value) || jobs < 1 || jobs > MAX_JOBS)
        return `--jobs must be a whole number from 1 to ${MAX_JOBS}`;
      flags.jobs = jobs;
    } else {
      const threshold = Number(value);
      if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1)
        return '--threshold must be a number from 0 to 1';
      flags.threshold = threshold;
    }
  }
  return flags;
};

/**
 * Runs `score`; resolves with the exit code: 1 when a line was bad, 0 when all went out,
 * or when the reader of stdout went away (EPIPE) before the end.
 */
export const runScore = async (args: string[], io: CliIo): Promise<number> => {
  const flags = parseScoreFlags(args);
  if (typeof flags === 'string') {
    io.stderr.write(`helpdesk-guard score: ${flags}\n\n${USAGE}\n`);
    return 2;
  }
  if ('help' in flags) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { jobs = defaultJobs(availableParallelism()), explain = false, ...settings } = flags;
  let policy: ScorePolicy;
  try {
    policy = { detection: await scorePolicyOf(settings, io.env ?? {}), explain };
  } catch (err) {
    if (!isGuardError(err)) throw err;
    io.stderr.write(`helpdesk-guard score cannot start. ${err.message}\n`);
    return CONFIG_EXIT;
  }
  const workers = canStartScoreWorkers() ? jobs : 1;
  /** stdout asked us to wait (its buffer is full): reading pauses until it drains. */
  let full = false;
  const writer = createLineWriter(OUT_BYTES, (bytes) => {
    if (!io.stdout.write(bytes)) full = true;
  });
  // Built on first use: with bulk input from the start, only the workers need a detector.
  let scorer: LineScorer | undefined;
  const inThread = (): LineScorer =>
    (scorer ??= createLineScorer(createDetector(policy.detection), writer.emit, 0, policy.explain));
  const flush = async (): Promise<void> => {
    writer.send();
    if (full) {
      full = false;
      await once(io.stdout, 'drain');
    }
  };
  const flushIfFull = (): Promise<void> | undefined =>
    writer.used >= FLUSH_BYTES || full ? flush() : undefined;
  const decoder = new StringDecoder('utf8');
  let partial = '';
  let received = 0;
  /** Whether any text has come yet (the first may start with a byte order mark). */
  let started = false;
  let pool: ScorePool | undefined;
  let bad = 0;
  /** Why writing to stdout failed, if it did: scoring stops (nobody reads what it writes). */
  let outputError: Error | undefined;
  // Never removed: the last write's error may come after this function has returned.
  io.stdout.on('error', (err: Error) => {
    outputError ??= err;
    stopReading(io.stdin);
  });
  let failure: unknown;
  try {
    for await (const chunk of io.stdin) {
      let text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
      if (!started && text !== '') {
        started = true;
        // A byte order mark (Windows editors and PowerShell write one) is not part of line 1.
        if (text.charCodeAt(0) === BOM) text = text.slice(1);
      }
      received += chunk.length;
      if (!pool && workers > 1 && (chunk.length >= BULK_READ_BYTES || received >= BULK_TOTAL_BYTES)) {
        // What was scored in-thread goes out first; the workers take over from the next line.
        await flush();
        pool = startScorePool(policy, workers, io, scorer?.lineNumber ?? 0);
      }
      if (pool) {
        await pool.write(partial + text);
        partial = '';
        continue;
      }
      // Scores every complete line; the rest waits for the next chunk.
      const all = partial === '' ? text : partial + text;
      partial = all.slice(await inThread().take(all, flushIfFull));
      // Interactive use: whatever this chunk of input produced goes out before the next read.
      await flush();
    }
    if (pool) bad = (scorer?.bad ?? 0) + (await pool.end(decoder.end()));
    else {
      const rest = partial + decoder.end();
      if (rest !== '') inThread().finish(rest);
      await flush();
      bad = scorer?.bad ?? 0;
    }
  } catch (err) {
    // A failed write or worker stops the reading: that failure is the one to report.
    failure = outputError ?? pool?.failure ?? err;
  } finally {
    await pool?.close();
  }
  failure ??= outputError;
  // The reader of our output has gone (`score | head`): stop as quietly as a pipeline expects.
  if ((failure as NodeJS.ErrnoException | undefined)?.code === 'EPIPE') return 0;
  if (failure !== undefined) throw failure;
  if (bad > 0) io.stderr.write(`helpdesk-guard score: ${bad} bad input line${bad === 1 ? '' : 's'}\n`);
  return bad > 0 ? 1 : 0;
};
