/** The languages the bot ships catalogues for; English is the fallback for every other. */
export const LANGUAGES = ['en', 'de', 'fr', 'es', 'pt', 'ja'] as const;

export type Language = (typeof LANGUAGES)[number];

export const FALLBACK_LANGUAGE: Language = 'en';

export const isLanguage = (value: string): value is Language =>
  (LANGUAGES as readonly string[]).includes(value);

/**
 * The catalogue for a Teams locale ("de-DE", "pt-BR", "ja", "en-GB"): its language when the
 * bot ships it, English otherwise (also for a missing or malformed locale).
 */
export const languageOf = (locale: string | undefined | null): Language => {
  const language = locale?.trim().toLowerCase().split(/[-_]/, 1)[0] ?? '';
  return isLanguage(language) ? language : FALLBACK_LANGUAGE;
};
