import type { Translator } from '../src/i18n/translations';

/** "1 minute ago", "just now": what a person would say, in the reader's language. */
export const describeMinutesAgo = (t: Translator, minutes: number): string =>
  minutes < 1 ? t.t('verification.time.justNow') : t.t('verification.time.minutesAgo', { count: minutes });

/** "10 minutes", in the reader's language. */
export const describeMinutes = (t: Translator, minutes: number): string =>
  t.t('verification.time.minutes', { count: minutes });

/**
 * A moment the Teams client shows in the reader's own time zone and format: the card's
 * TIME() function, which needs UTC without milliseconds.
 */
export const cardTime = (at: Date): string => `{{TIME(${at.toISOString().replace(/\.\d{3}Z$/, 'Z')})}}`;
