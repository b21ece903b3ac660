/**
 * A term found in a name: what exact matching (match-terms.ts) and typo matching
 * (typo-matches.ts) both produce and the evidence reads. Its own file, so that neither
 * matcher imports the other's module for it.
 */
import type { Term } from './compile-vocabulary';

/** A term found in a name, over joined[start, end). */
export interface TermMatch {
  term: Term;
  start: number;
  end: number;
  /** Edit distance for a near-spelling; 0 for an exact match. */
  typos: number;
}
