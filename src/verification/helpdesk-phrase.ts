import { createHmac } from 'node:crypto';
import { HelpdeskGuardError } from '../errors';
import { toSecretKey } from './digests';
import { PHRASE_WORDS } from './words';

/** The phrase of one rotation slot. */
export interface HelpdeskPhrase {
  /** Words joined by spaces, e.g. "maple harbor violet". Never log or emit it. */
  phrase: string;
  validFrom: Date;
  validUntil: Date;
}

/** The rotating phrase employees hear from the real helpdesk on the phone. */
export interface HelpdeskPhraseSource {
  currentPhrase(now?: number): HelpdeskPhrase;
}

/** Default rotation: daily, at midnight UTC. */
export const PHRASE_ROTATION_MS = 24 * 60 * 60_000;

/**
 * The helpdesk phrase (off by default: the composition root creates this only when the
 * feature is on). Deterministic from the secret and the time slot, so every replica shows
 * the same phrase without sharing state, and nobody without the secret can predict the next.
 */
export const createHelpdeskPhrase = (options: {
  secret: Buffer | string;
  rotationMs?: number;
  wordCount?: number;
  words?: readonly string[];
}): HelpdeskPhraseSource => {
  const key = toSecretKey(options.secret);
  const rotationMs = options.rotationMs ?? PHRASE_ROTATION_MS;
  const wordCount = options.wordCount ?? 3;
  const words = options.words ?? PHRASE_WORDS;
  if (!Number.isInteger(wordCount) || wordCount < 1 || wordCount > 8) {
    throw new HelpdeskGuardError(
      'config_invalid',
      `The helpdesk phrase needs 1 to 8 words; got ${wordCount}.`,
    );
  }
  if (words.length < 2)
    throw new HelpdeskGuardError('config_invalid', 'The helpdesk phrase needs a word list.');
  return {
    currentPhrase: (now = Date.now()) => {
      const slot = Math.floor(now / rotationMs);
      // A domain label keeps the phrase unrelated to any code digest made with the same key.
      const bytes = createHmac('sha256', key).update(`phrase|${rotationMs}|${slot}`).digest();
      const picked = Array.from(
        { length: wordCount },
        (_, i) => words[bytes.readUInt32BE(i * 4) % words.length],
      );
      return {
        phrase: picked.join(' '),
        validFrom: new Date(slot * rotationMs),
        validUntil: new Date((slot + 1) * rotationMs),
      };
    },
  };
};
