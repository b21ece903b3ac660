import { leavesOf, placeholdersOf, PLURAL_SUFFIX, type CatalogueTree } from './catalogues';
import type { Language } from './locales';

/** English's messages by key without plural suffix: plural or not, and the names each fills. */
const basesOf = (english: CatalogueTree) => {
  const bases = new Map<string, { plural: boolean; placeholders: Set<string> }>();
  for (const [key, text] of leavesOf(english)) {
    const base = key.replace(PLURAL_SUFFIX, '');
    const entry = bases.get(base) ?? { plural: base !== key, placeholders: new Set<string>() };
    for (const name of placeholdersOf(text)) if (name !== 'count') entry.placeholders.add(name);
    bases.set(base, entry);
  }
  return bases;
};

const same = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((name) => b.has(name));

/**
 * What a catalogue gets wrong against English, one line each: a message English has and it
 * lacks (for a plural message, any plural form its language needs), one English does not
 * have, an empty message, or placeholders other than English's (`count` aside).
 */
export const catalogueProblems = (
  language: Language,
  tree: CatalogueTree,
  english: CatalogueTree,
): string[] => {
  const problems: string[] = [];
  const bases = basesOf(english);
  const forms = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  const leaves = leavesOf(tree);
  const expected = new Set<string>();
  for (const [base, { plural }] of bases)
    if (plural) for (const form of forms) expected.add(`${base}_${form}`);
    else expected.add(base);
  for (const key of expected) if (!leaves.has(key)) problems.push(`${language}: ${key} is missing`);
  for (const [key, text] of leaves) {
    if (!expected.has(key)) {
      problems.push(`${language}: ${key} is not in English (or not a plural form ${language} uses)`);
      continue;
    }
    if (text.trim() === '') problems.push(`${language}: ${key} is empty`);
    const names = new Set([...placeholdersOf(text)].filter((name) => name !== 'count'));
    const wanted = bases.get(key.replace(PLURAL_SUFFIX, ''))?.placeholders ?? new Set<string>();
    if (!same(names, wanted))
      problems.push(
        `${language}: ${key} fills {${[...names].sort().join(', ')}}, English {${[...wanted].sort().join(', ')}}`,
      );
  }
  return problems;
};
