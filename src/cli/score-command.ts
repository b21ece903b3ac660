/**
 * `helpdesk-guard score [--home-tenant ID] [--trusted ID,ID] [--threshold N]`: JSON lines
 * of senders on stdin, one verdict per line on stdout, in the same order, as they come.
 * A bad line gets an error line in its place (the order holds) and a non-zero exit.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { CliCommand, CliIo } from '../cli';
import { createDetector, type DetectionPolicy, type SenderIdentity, type Verdict } from '../detection';

const USAGE = [
  'Usage: helpdesk-guard score [--home-tenant ID] [--trusted ID,ID] [--threshold N]',
  '',
  'Reads JSON lines {"displayName": ..., "upn": ..., "tenantId": ...} on stdin and writes',
  '{"displayName": ..., "verdict": "warn"|"none", "score": 0..1, "reasons": [...]} per line.',
  'A line without tenantId counts as external unless it matches --home-tenant.',
].join('\n');

/** Output is written in chunks of about this size; a full pipe pauses reading. */
const FLUSH_BYTES = 64 * 1024;

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

/** The output line for one verdict: the contract of DESIGN.md, reasons as {code, message}. */
export const formatVerdict = (displayName: string, verdict: Verdict): string =>
  JSON.stringify({
    displayName,
    verdict: verdict.verdict,
    score: verdict.score,
    reasons: verdict.reasons.map(({ code, message }) => ({ code, message })),
    ...(verdict.imitates ? { imitates: verdict.imitates } : {}),
  });

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
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  let pending = '';
  let scheduled = false;
  let lineNumber = 0;
  let bad = 0;
  const write = (): boolean => {
    const chunk = pending;
    pending = '';
    return chunk === '' || io.stdout.write(chunk);
  };
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    const sender = parseSenderLine(line);
    if (typeof sender === 'string') {
      bad += 1;
      pending += `${JSON.stringify({ error: `line ${lineNumber}: ${sender}` })}\n`;
    } else {
      pending += `${formatVerdict(sender.displayName, detector.score(sender))}\n`;
    }
    if (pending.length >= FLUSH_BYTES) {
      // A full pipe: stop reading until the reader catches up.
      if (!write()) await once(io.stdout, 'drain');
    } else if (!scheduled) {
      // Interactive use: whatever this chunk of input produced goes out before the next read.
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        write();
      });
    }
  }
  write();
  if (bad > 0) io.stderr.write(`helpdesk-guard score: ${bad} bad input line${bad === 1 ? '' : 's'}\n`);
  return bad > 0 ? 1 : 0;
};

export const scoreCommand: CliCommand = {
  summary: 'score senders (JSON lines on stdin) for helpdesk impersonation',
  usage: USAGE,
  run: runScore,
};
