/**
 * An organisation's own terms (the helpdesk profile's `detection.terms`): what each kind
 * weighs in a display name, and why a term cannot be used, so that a profile with one is
 * refused at start instead of the term being silently ignored.
 */
import { termProblem } from './match/compile-vocabulary';
import type { CustomTerm, CustomTermKind } from './policy/types';
import type { TermSpec } from './policy/vocabulary';
import { joinedOf } from './scan/normalise-name';

/**
 * A helpdesk name weighs as `helpdeskNames` do; a role like a built-in helpdesk role; a
 * product like the organisation's name (weak alone, 0.9 next to a role); a lure like the
 * strongest built-in ones.
 */
export const CUSTOM_TERM_DEFAULTS: Readonly<Record<CustomTermKind, Omit<TermSpec, 'text'>>> = {
  helpdesk: { kind: 'helpdesk', weight: 0.9 },
  role: { kind: 'role', weight: 0.75 },
  product: { kind: 'org', weight: 0.3 },
  lure: { kind: 'lure', weight: 0.7 },
};

/** The vocabulary entries of custom terms (blank ones left out). */
export const customTermSpecs = (terms: readonly CustomTerm[] = []): TermSpec[] => {
  const specs: TermSpec[] = [];
  for (const term of terms) {
    const text = term.text.trim();
    if (!text) continue;
    const defaults = CUSTOM_TERM_DEFAULTS[term.kind];
    specs.push({ text, kind: defaults.kind, weight: term.weight ?? defaults.weight });
  }
  return specs;
};

/** Why the detector cannot match `text` as a term, or undefined when it can. */
export const customTermProblem = (text: string): string | undefined => termProblem(text, joinedOf);
