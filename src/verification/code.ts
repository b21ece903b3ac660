import { randomInt } from 'node:crypto';
import { HelpdeskGuardError } from '../errors';
import { message } from '../i18n/translations';

/** How many digits a verification or challenge code has. */
export const CODE_DIGITS = 6;

/** What a user is told when what they typed is not shaped like a code. */
export const CODE_FORMAT_HINT = message('verification.codeFormatHint');

// One optional separator in the middle: people read codes out in two groups of three.
const CODE_PATTERN = /^\s*(\d{3})[\s-]?(\d{3})\s*$/;

/**
 * A new code from the operating system's cryptographic RNG: six digits, leading zeros
 * kept, every value equally likely.
 */
export const generateCode = (): string => String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');

/**
 * The six digits of a code as typed ("482913", "482 913", "482-913", spaces around),
 * or undefined when the text is not shaped like a code.
 */
export const parseCode = (input: string): string | undefined => {
  const match = CODE_PATTERN.exec(input);
  return match ? `${match[1]}${match[2]}` : undefined;
};

/** A code grouped for reading aloud: "482913" becomes "482 913". */
export const formatCode = (code: string): string => `${code.slice(0, 3)} ${code.slice(3)}`;

/** Draws before giving up; a clash needs the same code live twice in one tenant (1 in 10^6 each). */
export const MAX_DRAWS = 10;

/**
 * Draws codes until `save` accepts one (it refuses a code already live in the tenant, so a
 * code always names one user) and returns it.
 */
export const drawFreeCode = async (
  generate: () => string,
  save: (code: string) => Promise<boolean>,
): Promise<string> => {
  for (let draw = 0; draw < MAX_DRAWS; draw += 1) {
    const code = generate();
    if (await save(code)) return code;
  }
  throw new HelpdeskGuardError(
    'store_unavailable',
    `No free verification code after ${MAX_DRAWS} draws: the store holds too many live codes for this tenant.`,
  );
};
