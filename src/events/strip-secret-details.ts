/**
 * Events are forwarded to SIEMs that many people can read, so a verification code, a
 * helpdesk phrase or a credential must never reach one. The schema has no field for
 * them, but `Details` is free-form: emit() passes it through here, which removes every
 * key (at any depth) whose name contains one of the words below, whatever its value.
 *
 * Matching is by word of the key (camelCase, snake_case, kebab-case and spaces split),
 * so `code`, `VerificationCode`, `api_token` and `Pass-Phrase` go, while `Codename` stays.
 * Stripped on purpose even when harmless (`StatusCode`, `ErrorCode`): name such a field
 * `Status` or `Reason` instead.
 */
export const SECRET_WORDS = [
  'code',
  'codes',
  'secret',
  'secrets',
  'token',
  'tokens',
  'password',
  'passwords',
  'passwd',
  'passphrase',
  'phrase',
  'phrases',
  'pin',
  'otp',
  'credential',
  'credentials',
] as const;

const SECRET = new Set<string>(SECRET_WORDS);

/** The words of a key: `VerificationCode` -> verification, code; `pass_phrase` -> pass, phrase. */
const wordsOf = (key: string): string[] =>
  key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

const judgeKey = (key: string): boolean => {
  const words = wordsOf(key);
  // "pass phrase" and "pass word" written as two words are secrets too.
  const joined = words.map((word, i) => word + (words[i + 1] ?? ''));
  return words.some((word) => SECRET.has(word)) || joined.some((word) => SECRET.has(word));
};

/**
 * Keys judged so far. Details keys are the few field names our code writes, so every
 * event after the first of its kind is judged by lookup: splitting words took 14 µs an
 * event of eight keys, more than building and validating it. Bounded, for keys that
 * come from elsewhere (a hunting row's columns).
 */
const judged = new Map<string, boolean>();
const JUDGED_LIMIT = 4_096;

/** True when a Details key must not leave the process. */
export const isSecretKey = (key: string): boolean => {
  let secret = judged.get(key);
  if (secret === undefined) {
    secret = judgeKey(key);
    if (judged.size < JUDGED_LIMIT) judged.set(key, secret);
  }
  return secret;
};

const strip = (value: unknown, path: string, removed: string[]): unknown => {
  if (Array.isArray(value)) return value.map((item, i) => strip(item, `${path}[${i}]`, removed));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const where = path ? `${path}.${key}` : key;
    if (isSecretKey(key)) removed.push(where);
    else out[key] = strip(inner, where, removed);
  }
  return out;
};

/**
 * A copy of `details` without secret-named keys, and the paths it removed (names only,
 * never values, so the caller can log them).
 */
export const stripSecretDetails = (
  details: Record<string, unknown>,
): { details: Record<string, unknown>; removed: string[] } => {
  const removed: string[] = [];
  return { details: strip(details, '', removed) as Record<string, unknown>, removed };
};
