import { z } from 'zod';
import { CATALOGUES, type CatalogueTree } from './catalogues';
import { FALLBACK_LANGUAGE, LANGUAGES, type Language } from './locales';

/** Profile text given once for everyone, or per language with English as the fallback. */
export type LocalizedText = string | Partial<Record<Language, string>>;

/** The zod schema for one LocalizedText of at most `max` characters per language. */
export const localizedText = (max: number) => {
  const text = z.string().trim().min(1).max(max);
  return z.union([
    text,
    z.record(z.enum(LANGUAGES), text).refine((texts) => texts[FALLBACK_LANGUAGE] !== undefined, {
      message: `needs an "${FALLBACK_LANGUAGE}" text, the fallback for other languages`,
    }),
  ]);
};

/** The text for a language: its own, else English. */
export const textIn = (value: LocalizedText, language: Language): string =>
  typeof value === 'string' ? value : (value[language] ?? value[FALLBACK_LANGUAGE] ?? '');

/**
 * A catalogue message in every language, as profile text: what the built-in example profile
 * uses so that its own sentences read in each user's language. Languages without it are left out.
 */
export const catalogueText = (key: string): Partial<Record<Language, string>> => {
  const texts: Partial<Record<Language, string>> = {};
  for (const language of LANGUAGES) {
    let node: CatalogueTree | string | undefined = CATALOGUES[language];
    for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
    if (typeof node === 'string') texts[language] = node;
  }
  if (texts[FALLBACK_LANGUAGE] === undefined) throw new Error(`no English message '${key}'`);
  return texts;
};
