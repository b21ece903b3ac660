/**
 * The line logic of `helpdesk-guard score`, shared by the in-thread path and the score
 * workers so both write the same bytes: reading a sender line, writing a verdict line,
 * splitting text into lines as readline does, and encoding output lines into buffers.
 */
import type { Detector, Explanation, SenderIdentity, Verdict } from '../detection';

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
    // Codes are fixed identifiers (REASON_CODES: a-z and '_'), which need no escaping.
    line += `${i === 0 ? '' : ','}{"code":"${code}","message":${jsonString(message)}}`;
  }
  line += ']';
  if (verdict.imitates) line += `,"imitates":${jsonString(verdict.imitates)}`;
  return `${line}}`;
};

/**
 * The `--explain` line for one verdict: formatVerdict's fields, the threshold after the
 * score, the name's and the address's scores (`parts`, combined into `score`), each
 * reason's weight (0 where it only explains), and the partner helpdesk, if any.
 */
export const formatExplanation = (displayName: string, explained: Explanation): string => {
  const { name, address } = explained.parts;
  let line = `{"displayName":${jsonString(displayName)},"verdict":"${explained.verdict}","score":${JSON.stringify(explained.score)},"threshold":${JSON.stringify(explained.threshold)},"parts":{"name":${JSON.stringify(name)},"address":${JSON.stringify(address)}},"reasons":[`;
  const { reasons } = explained;
  for (let i = 0; i < reasons.length; i += 1) {
    const { code, message, weight } = reasons[i];
    line += `${i === 0 ? '' : ','}{"code":"${code}","message":${jsonString(message)},"weight":${JSON.stringify(weight ?? 0)}}`;
  }
  line += ']';
  if (explained.imitates) line += `,"imitates":${jsonString(explained.imitates)}`;
  if (explained.partner) line += `,"partner":${jsonString(explained.partner)}`;
  return `${line}}`;
};

/** Scores input text line by line, counting lines as readline does (\n, \r\n or a lone \r). */
export interface LineScorer {
  /** The number of the last line read (blank lines count). */
  readonly lineNumber: number;
  /** How many lines were bad (each got an error line in its place). */
  readonly bad: number;
  /**
   * Scores every complete line of `text`, calling `afterLine` after each (the in-thread
   * path sends its output there, and waits while stdout is full); resolves with where the
   * unscored rest of `text` begins.
   */
  take(text: string, afterLine?: () => Promise<void> | undefined): Promise<number>;
  /** Scores what is left when input ends: the text after the last newline. */
  finish(rest: string): void;
}

/**
 * A line scorer that hands each output line to `emit`, numbering lines from
 * `lineNumber + 1` (a worker starts where its batch starts); `explain` writes
 * formatExplanation lines instead of formatVerdict ones.
 */
export const createLineScorer = (
  detector: Detector,
  emit: (line: string) => void,
  lineNumber = 0,
  explain = false,
): LineScorer => {
  let bad = 0;
  const scoreLine = (line: string): void => {
    lineNumber += 1;
    if (line.trim() === '') return;
    const sender = parseSenderLine(line);
    if (typeof sender === 'string') {
      bad += 1;
      emit(JSON.stringify({ error: `line ${lineNumber}: ${sender}` }));
    } else if (explain) {
      emit(formatExplanation(sender.displayName, detector.explain(sender)));
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
  return {
    get lineNumber() {
      return lineNumber;
    },
    get bad() {
      return bad;
    },
    // Async as the in-thread path needs it; it also keeps V8 from inlining the whole
    // detector into this loop, which made it ~15% slower (measured, node 20).
    async take(text, afterLine) {
      let from = 0;
      // Where the next \r is (-1: none): looked up again only once a line passes it.
      let cr = text.indexOf('\r');
      for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', from)) {
        if (cr >= 0 && cr < from) cr = text.indexOf('\r', from);
        const end = newline > from && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
        scoreLines(text, from, end, cr >= 0 && cr < end ? cr : -1);
        from = newline + 1;
        const wait = afterLine?.();
        if (wait) await wait;
      }
      return from;
    },
    finish(rest) {
      // readline: a trailing lone \r ends a line, and the text after the last newline is a line.
      if (rest !== '')
        scoreLines(rest, 0, rest.endsWith('\r') ? rest.length - 1 : rest.length, rest.indexOf('\r'));
    },
  };
};

/** Output lines encoded straight into buffers (no long string to build and encode again). */
export interface LineWriter {
  /** Appends one line and its \n; a full buffer is sent first. */
  emit: (line: string) => void;
  /** Sends the lines buffered so far, if any. */
  send: () => void;
  /** Bytes buffered and not sent yet. */
  readonly used: number;
}

/** A line writer over buffers of `size` bytes, each handed to `sendBytes` once sent. */
export const createLineWriter = (size: number, sendBytes: (bytes: Buffer) => void): LineWriter => {
  // Not from the shared pool: a worker transfers the buffer's memory to the main thread.
  let out = Buffer.allocUnsafeSlow(size);
  let used = 0;
  const send = (): void => {
    if (used === 0) return;
    sendBytes(out.subarray(0, used));
    // The receiver may hold on to the buffer it was given: the next lines go to a new one.
    out = Buffer.allocUnsafeSlow(size);
    used = 0;
  };
  const emit = (line: string): void => {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    const room = line.length * 3 + 1;
    if (used + room > out.length) {
      send();
      if (room > out.length) {
        // A line longer than a buffer gets a buffer of its own, as large as it needs.
        const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(line) + 1);
        bytes[bytes.write(line)] = 10;
        sendBytes(bytes);
        return;
      }
    }
    used += out.write(line, used);
    out[used++] = 10;
  };
  return {
    emit,
    send,
    get used() {
      return used;
    },
  };
};
