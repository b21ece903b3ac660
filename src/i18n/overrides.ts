import { ENGLISH, leavesOf, placeholdersOf, PLURAL_SUFFIX } from './catalogues';
import type { MessageOverrides } from './translations';

const englishLeaves = leavesOf(ENGLISH);
const englishBases = new Map<string, string[]>();
for (const [key, text] of englishLeaves) {
  const base = key.replace(PLURAL_SUFFIX, '');
  englishBases.set(base, [...(englishBases.get(base) ?? []), text]);
}

/**
 * What is wrong with a profile's message overrides, one line each: a key English does not
 * have, or a placeholder the English message does not fill (it would print as "{{name}}").
 */
export const overrideProblems = (overrides: MessageOverrides): string[] => {
  const problems: string[] = [];
  for (const [language, messages] of Object.entries(overrides)) {
    for (const [key, text] of Object.entries(messages ?? {})) {
      const english = englishLeaves.get(key) ?? englishBases.get(key.replace(PLURAL_SUFFIX, ''))?.join(' ');
      if (english === undefined) {
        problems.push(`${language}.${key}: no such message (see src/i18n/catalogues/en/)`);
        continue;
      }
      const known = placeholdersOf(english);
      const unknown = [...placeholdersOf(text)].filter((name) => !known.has(name) && name !== 'count');
      if (unknown.length > 0)
        problems.push(`${language}.${key}: {{${unknown.join('}}, {{')}}} is not filled in this message`);
    }
  }
  return problems;
};
