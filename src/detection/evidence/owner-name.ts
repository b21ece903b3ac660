/**
 * What the label that names a domain's owner says ("msftprotection" in
 * msftprotection.onmicrosoft.com): the words of policy/domain-vocabulary.ts in it, weighed
 * as a tenant's name or as a custom domain's, and what they make the owner look like ("a
 * Microsoft security service") for the card. Worked out once per domain (domain-evidence.ts
 * caches it).
 */
import { compileVocabulary, type Vocabulary } from '../match/compile-vocabulary';
import {
  DOMAIN_TERMS,
  MICROSOFT_WITH_THEME,
  type DomainTermSpec,
  type DomainTheme,
} from '../policy/domain-vocabulary';
import { noisyOr, type CustomTerm } from '../policy/types';
import { joinedOf } from '../scan/normalise-name';
import { termsIn } from './address-terms';

/** The words of owner labels, compiled: the tenant weights in the automaton, the rest by label. */
export interface DomainVocabulary {
  vocabulary: Vocabulary;
  specs: ReadonlyMap<string, DomainTermSpec>;
}

/** Where the label is: a *.onmicrosoft.com tenant's name, or a custom domain's. */
export type OwnerKind = 'tenant' | 'domain';

export interface OwnerNameEvidence {
  weight: number;
  /** What the owner is named like: "a Microsoft security service", "IT support". */
  looksLike: string;
}

const THEME_BITS: Record<DomainTheme, number> = {
  microsoft: 1,
  security: 2,
  admin: 4,
  support: 8,
  account: 16,
  none: 0,
};

/** What a custom term of the profile weighs in a tenant's and a domain's name. */
const CUSTOM_TERM_SPECS: Record<CustomTerm['kind'], Omit<DomainTermSpec, 'text'> | undefined> = {
  helpdesk: { theme: 'support', tenant: 0.55, domain: 0.35 },
  role: { theme: 'support', tenant: 0.45, domain: 0.2 },
  lure: { theme: 'account', tenant: 0.3, domain: 0.15 },
  product: undefined,
};

/** The built-in words and the profile's helpdesk names, roles and lures. */
export const compileDomainVocabulary = (custom: readonly CustomTerm[] = []): DomainVocabulary => {
  const specs: DomainTermSpec[] = [...DOMAIN_TERMS];
  for (const term of custom) {
    const spec = CUSTOM_TERM_SPECS[term.kind];
    if (spec && term.text.trim()) specs.push({ text: term.text.trim(), ...spec });
  }
  // Fillers ('none') match like any word, so that "accounting" holds no "account".
  const vocabulary = compileVocabulary(
    specs.map((spec) => ({
      text: spec.text,
      kind: spec.theme === 'none' ? 'filler' : 'role',
      weight: spec.tenant,
    })),
    joinedOf,
  );
  const byLabel = new Map<string, DomainTermSpec>();
  for (const spec of specs) {
    const known = byLabel.get(spec.text);
    if (!known || known.tenant < spec.tenant) byLabel.set(spec.text, spec);
  }
  return { vocabulary, specs: byLabel };
};

const looksLikeOf = (themes: number): string => {
  const has = (theme: DomainTheme): boolean => (themes & THEME_BITS[theme]) !== 0;
  if (has('microsoft')) {
    if (has('security') || has('account')) return 'a Microsoft security service';
    if (has('support') || has('admin')) return 'Microsoft support';
    return 'a Microsoft service';
  }
  if (has('security')) return has('admin') || has('support') ? 'an IT security team' : 'a security team';
  if (has('admin')) return 'an IT admin team';
  if (has('support')) return 'IT support';
  return 'an account security service';
};

/** The evidence of an owner label, if any word of the vocabulary in it weighs something there. */
export const ownerNameEvidence = (
  label: string,
  words: DomainVocabulary,
  where: OwnerKind,
): OwnerNameEvidence | undefined => {
  if (label === '') return undefined;
  const matches = termsIn(label, 0, label.length, words.vocabulary);
  let weight = 0;
  let themes = 0;
  const counted = new Set<string>();
  for (const match of matches) {
    const spec = words.specs.get(match.term.label);
    if (spec === undefined || spec.theme === 'none' || counted.has(spec.text)) continue;
    const alone = where === 'tenant' ? spec.tenant : spec.domain;
    if (alone <= 0) continue;
    counted.add(spec.text);
    weight = noisyOr(weight, alone);
    themes |= THEME_BITS[spec.theme];
  }
  if (weight === 0) return undefined;
  // "teamsprotection", "azuresecuritycenter": Microsoft's name next to what it would do.
  if (themes & THEME_BITS.microsoft && themes !== THEME_BITS.microsoft)
    weight = Math.max(weight, MICROSOFT_WITH_THEME[where]);
  return { weight, looksLike: looksLikeOf(themes) };
};
