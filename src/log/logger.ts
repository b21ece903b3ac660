import pino, { type Logger } from 'pino';

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
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );

/** A logger that drops everything, for tests that do not look at logs. */
export const silentLogger = (): Logger => pino({ level: 'silent' });
