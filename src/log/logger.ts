import pino, { type Logger } from 'pino';
import { redactUrlsIn } from './redact-url';

export type { Logger };

/**
 * Paths pino blanks out wherever they appear: credentials, tokens, and anything that
 * could hold a verification code or phrase.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-signature-256"]',
  'headers.authorization',
  'headers["x-signature-256"]',
  'authorization',
  '*.authorization',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'code',
  '*.code',
  'phrase',
  '*.phrase',
  'MicrosoftAppPassword',
  '*.MicrosoftAppPassword',
  'activity.text',
  'activity.value',
];

/** How deep redactErr looks into an error's own fields (an SDK's `request`, `config`, ...). */
const ERR_DEPTH = 4;

/** Copies `value` with redactUrlsIn applied to every string in it; never changes the original. */
const redactStrings = (value: unknown, depth: number): unknown => {
  if (typeof value === 'string') return redactUrlsIn(value);
  if (depth === 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactStrings(item, depth - 1));
  // Buffers, Headers, sockets and the like are left to pino as they are.
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, redactStrings(inner, depth - 1)]),
  );
};

/**
 * pino's standard `err` serializer, then redactUrlsIn over its message, stack and every other
 * string field (Node's ERR_INVALID_URL has `input`, SDK errors a `url` or `request`): fetch,
 * undici, node-redis and the Azure SDKs quote the URL they failed on, credentials and all.
 */
export const redactErr = (err: unknown): unknown => {
  const serialized = pino.stdSerializers.err(err as Error) as unknown;
  // Not error-like: pino hands the value back as it is, so copy instead of changing the caller's.
  if (serialized === err) return redactStrings(err, ERR_DEPTH);
  const fields = serialized as Record<string, unknown>;
  for (const key of Object.keys(fields)) fields[key] = redactStrings(fields[key], ERR_DEPTH);
  return fields;
};

/**
 * A `code` that is an error code (`config_invalid`, `ECONNREFUSED`, `ERR_INVALID_CHAR`:
 * letters and underscores only) tells an operator what went wrong and stays; any other
 * `code` could be a verification code (digits) and goes, like every other redacted path.
 */
const ERROR_CODE = /^[A-Za-z]+(?:_[A-Za-z]+)*$/;
const censorValue = (value: unknown, path: string[]): unknown =>
  path[path.length - 1] === 'code' && typeof value === 'string' && ERROR_CODE.test(value)
    ? value
    : '[redacted]';

export interface LoggerOptions {
  level?: string;
  /** Where lines go; stdout by default. Tests pass a stream to read them back. */
  destination?: pino.DestinationStream;
}

/** JSON lines on stdout, one logger for the process; children add request or activity IDs. */
export const createLogger = (options: LoggerOptions = {}): Logger =>
  pino(
    {
      level: options.level ?? 'info',
      base: { service: 'helpdesk-guard' },
      redact: { paths: REDACT_PATHS, censor: censorValue },
      serializers: { err: redactErr },
      hooks: {
        // log.error(err) without a message makes err.message the line's msg, past the serializer.
        logMethod(args, method) {
          const [first, second] = args as unknown[];
          if (first instanceof Error && typeof second !== 'string') {
            return method.apply(this, [first, redactUrlsIn(first.message), ...args.slice(1)] as typeof args);
          }
          return method.apply(this, args);
        },
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );

/** A logger that drops everything, for tests that do not look at logs. */
export const silentLogger = (): Logger => pino({ level: 'silent' });
