import { createHelpdeskPhrase, PHRASE_ROTATION_MS } from '../../../../src/verification/helpdesk-phrase';
import { PHRASE_WORDS } from '../../../../src/verification/words';
import { dummySecret, dummyStart } from './fake-verification-deps';

describe('PHRASE_WORDS', () => {
  it('has 256 distinct short lower-case words', () => {
    expect(PHRASE_WORDS).toHaveLength(256);
    expect(new Set(PHRASE_WORDS).size).toBe(256);
    for (const word of PHRASE_WORDS) expect(word).toMatch(/^[a-z]{3,7}$/);
  });
});

describe('createHelpdeskPhrase', () => {
  const phrases = createHelpdeskPhrase({ secret: dummySecret });

  it('gives three words from the list, valid for the day', () => {
    const { phrase, validFrom, validUntil } = phrases.currentPhrase(dummyStart);

    expect(phrase.split(' ')).toHaveLength(3);
    for (const word of phrase.split(' ')) expect(PHRASE_WORDS).toContain(word);
    expect(validFrom.toISOString()).toBe('2026-11-27T00:00:00.000Z');
    expect(validUntil.toISOString()).toBe('2026-11-28T00:00:00.000Z');
  });

  it('is the same all through one slot, on every replica', () => {
    const other = createHelpdeskPhrase({ secret: dummySecret });

    expect(other.currentPhrase(dummyStart + 60_000).phrase).toBe(phrases.currentPhrase(dummyStart).phrase);
  });

  it('changes from slot to slot', () => {
    const week = Array.from(
      { length: 7 },
      (_, day) => phrases.currentPhrase(dummyStart + day * PHRASE_ROTATION_MS).phrase,
    );

    expect(new Set(week).size).toBe(7);
  });

  it('depends on the secret', () => {
    const other = createHelpdeskPhrase({ secret: 'another-secret-0123456789abcdef0123456789' });

    expect(other.currentPhrase(dummyStart).phrase).not.toBe(phrases.currentPhrase(dummyStart).phrase);
  });

  it('rotates on the schedule it is given', () => {
    const hourly = createHelpdeskPhrase({ secret: dummySecret, rotationMs: 3_600_000, wordCount: 4 });

    const { phrase, validFrom, validUntil } = hourly.currentPhrase(dummyStart + 90 * 60_000);

    expect(phrase.split(' ')).toHaveLength(4);
    expect(validUntil.getTime() - validFrom.getTime()).toBe(3_600_000);
  });

  it('refuses a word count it cannot serve', () => {
    expect(() => createHelpdeskPhrase({ secret: dummySecret, wordCount: 0 })).toThrow(
      expect.objectContaining({ code: 'config_invalid' }),
    );
  });
});
