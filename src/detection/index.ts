/**
 * Detection: display-name normalisation, look-alike scoring and the external-sender
 * policy, as one pure, synchronous detector. No Teams SDK and no state beyond caches:
 * bot/, src/signals and the CLI call in. README.md here has the map of the folders.
 * Exported: what production code uses; tests import internal files by their paths.
 */
export { createDetector, type Detector } from './create-detector';
export { customTermProblem } from './custom-terms';
export type {
  CustomTerm,
  CustomTermKind,
  DetectionPolicy,
  Explanation,
  PartnerHelpdesk,
  Reason,
  SenderIdentity,
  Verdict,
} from './policy/types';
