import type { Language } from '../locales';
import de from './de';
import en from './en';
import es from './es';
import fr from './fr';
import ja from './ja';
import pt from './pt';

/** A catalogue: nested areas and sections whose leaves are ICU-plural-aware i18next strings. */
export interface CatalogueTree {
  [key: string]: string | CatalogueTree;
}

/** English: the reference every other catalogue must match, key for key. */
export const ENGLISH = en;

export type EnglishCatalogue = typeof en;

export const CATALOGUES: Record<Language, CatalogueTree> = { en, de, fr, es, pt, ja };

/** The plural suffixes i18next appends (Intl.PluralRules categories). */
export const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** Every leaf as a dotted key, plural suffixes kept ("report.recent.count_one"). */
export const leavesOf = (tree: CatalogueTree, prefix = ''): Map<string, string> => {
  const leaves = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') leaves.set(path, value);
    else for (const [leaf, text] of leavesOf(value, path)) leaves.set(leaf, text);
  }
  return leaves;
};

/** The names a message interpolates: `{{name}}` and `{{at, datetime}}` give name and at. */
export const placeholdersOf = (text: string): Set<string> =>
  new Set([...text.matchAll(/{{\s*([^,}\s]+)[^}]*}}/g)].map((match) => match[1] as string));
