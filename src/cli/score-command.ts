/**
 * `helpdesk-guard score [--home-tenant ID] [--trusted ID,ID] [--threshold N]`: JSON lines
 * of senders on stdin, one verdict per line on stdout, in the same order, as they come.
 * A bad line gets an error line in its place (the order holds) and a non-zero exit.
 */
import { once } from 'node:events';
import { StringDecoder } from 'node:string_decoder';
import type { CliCommand, CliIo } from '../cli';
import { createDetector, type DetectionPolicy, type SenderIdentity, type Verdict } from '../detection';

const USAGE = [
  'Usage: helpdesk-guard score [--home-tenant ID] [--trusted ID,ID] [--threshold N]',
  '',
  'Reads JSON lines {"displayName": ..., "upn": ..., "tenantId": ...} on stdin and writes',
  '{"displayName": ..., "verdict": "warn"|"none", "score": 0..1, "reasons": [...]} per line.',
  'A line without tenantId counts as external unless it matches --home-tenant.',
].join('\n');

/**
 * Output lines are encoded straight into a buffer of this size (no long string to build
 * and encode again), written at least once per input chunk and whenever it is nearly full.
 */
const OUT_BYTES = 256 * 1024;
const FLUSH_BYTES = 192 * 1024;

export type ScoreFlags = Pick<DetectionPolicy, 'homeTenantId' | 'trustedTenantIds' | 'threshold'>;

/** Parses the flags; a string is the usage error to print. */
export const parseScoreFlags = (args: string[]): ScoreFlags | { help: true } | string => {
  const flags: ScoreFlags = { homeTenantId: '', trustedTenantIds: [] };
  for (let i = 0; i < args.length; i += 1) {
    const [flag, inline] =
      args[i].startsWith('--') && args[i].includes('=') ? args[i].split(/=(.*)/s, 2) : [args[i], undefined];
    if (flag === '--help' || flag === '-h') return { help: true };
    if (flag !== '--home-tenant' && flag !== '--trusted' && flag !== '--threshold')
      return `unknown option '${args[i]}'`;
    const value = inline ?? args[++i];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--')))
      return `${flag} needs a value`;
    if (flag === '--home-tenant') flags.homeTenantId = value.trim();
    else if (flag === '--trusted')
      flags.trustedTenantIds = value
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean);
    else {
      const threshold = Number(value);
      if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1)
        return '--threshold must be a number from 0 to 1';
      flags.threshold = threshold;
    }
  }
  return flags;
};

const optionalString = (value: unknown): value is string | null | undefined =>
  value === undefined || value === null || typeof value === 'string';

/** Reads one input line into a sender, or says what is wrong with it. */
export const parseSenderLine = (line: string): SenderIdentity | string => {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const { displayName, upn, tenantId } = value as Record<string, unknown>;
  if (typeof displayName !== 'string') return 'displayName must be a string';
  if (!optionalString(upn)) return 'upn must be a string or null';
  if (!optionalString(tenantId)) return 'tenantId must be a string or null';
  return { displayName, upn, tenantId };
};

/** What JSON.stringify escapes in a string: quote, backslash, control characters, surrogates. */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * A JSON string literal for `text`, as JSON.stringify writes it. Most strings need no
 * escaping (no quote, backslash, control character or lone surrogate): those are quoted
 * as they are; the others go through JSON.stringify.
 */
export const jsonString = (text: string): string =>
  NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;

/**
 * The output line for one verdict: the contract of DESIGN.md, reasons as {code, message}.
 * Assembled by hand for this fixed shape (what JSON.stringify would write, field for field).
 */
export const formatVerdict = (displayName: string, verdict: Verdict): string => {
  let line = `{"displayName":${jsonString(displayName)},"verdict":"${verdict.verdict}","score":${JSON.stringify(verdict.score)},"reasons":[`;
  const { reasons } = verdict;
  for (let i = 0; i < reasons.length; i += 1) {
    const { code, message } = reasons[i];
    line += `${i === 0 ? '' : ','}{"code":${jsonString(code)},"message":${jsonString(message)}}`;
  }
  line += ']';
  if (verdict.imitates) line += `,"imitates":${jsonString(verdict.imitates)}`;
  return `${line}}`;
};

const runScore = async (args: string[], io: CliIo): Promise<number> => {
  const flags = parseScoreFlags(args);
  if (typeof flags === 'string') {
    io.stderr.write(`helpdesk-guard score: ${flags}\n\n${USAGE}\n`);
    return 2;
  }
  if ('help' in flags) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const detector = createDetector(flags);
  const decoder = new StringDecoder('utf8');
  let lineNumber = 0;
  let bad = 0;
  let partial = '';
  let out = Buffer.allocUnsafe(OUT_BYTES);
  let used = 0;
  /** stdout asked us to wait (its buffer is full): reading pauses until it drains. */
  let full = false;
  const send = (): void => {
    if (used === 0) return;
    if (!io.stdout.write(out.subarray(0, used))) full = true;
    // The stream may hold on to the buffer it was given: the next lines go to a new one.
    out = Buffer.allocUnsafe(OUT_BYTES);
    used = 0;
  };
  const emit = (line: string): void => {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    const room = line.length * 3 + 1;
    if (used + room > out.length) {
      send();
      if (room > out.length) {
        if (!io.stdout.write(`${line}\n`)) full = true;
        return;
      }
    }
    used += out.write(line, used);
    out[used++] = 10;
  };
  const flush = async (): Promise<void> => {
    send();
    if (full) {
      full = false;
      await once(io.stdout, 'drain');
    }
  };
  /** One input line, as readline splits them (\n, \r\n or a lone \r). */
  const scoreLine = (line: string): void => {
    lineNumber += 1;
    if (line.trim() === '') return;
    const sender = parseSenderLine(line);
    if (typeof sender === 'string') {
      bad += 1;
      emit(JSON.stringify({ error: `line ${lineNumber}: ${sender}` }));
    } else {
      emit(formatVerdict(sender.displayName, detector.score(sender)));
    }
  };
  /** Scores text[start, end): one line, or several where a lone \r splits it (readline does). */
  const scoreLines = (text: string, start: number, end: number, cr: number): void => {
    let from = start;
    for (let at = cr; at >= 0 && at < end; at = text.indexOf('\r', from)) {
      scoreLine(text.slice(from, at));
      from = at + 1;
    }
    scoreLine(text.slice(from, end));
  };
  /** Scores every complete line of `text`; the rest waits for the next chunk. */
  const take = async (text: string): Promise<void> => {
    let from = 0;
    // Where the next \r is (-1: none): looked up again only once a line passes it.
    let cr = text.indexOf('\r');
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', from)) {
      if (cr >= 0 && cr < from) cr = text.indexOf('\r', from);
      const end = newline > from && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      scoreLines(text, from, end, cr >= 0 && cr < end ? cr : -1);
      from = newline + 1;
      if (used >= FLUSH_BYTES || full) await flush();
    }
    partial = text.slice(from);
  };
  for await (const chunk of io.stdin) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    await take(partial === '' ? text : partial + text);
    // Interactive use: whatever this chunk of input produced goes out before the next read.
    await flush();
  }
  const rest = partial + decoder.end();
  // readline: a trailing lone \r ends a line, and the text after the last newline is a line.
  if (rest !== '')
    scoreLines(rest, 0, rest.endsWith('\r') ? rest.length - 1 : rest.length, rest.indexOf('\r'));
  await flush();
  if (bad > 0) io.stderr.write(`helpdesk-guard score: ${bad} bad input line${bad === 1 ? '' : 's'}\n`);
  return bad > 0 ? 1 : 0;
};

export const scoreCommand: CliCommand = {
  summary: 'score senders (JSON lines on stdin) for helpdesk impersonation',
  usage: USAGE,
  run: runScore,
};
