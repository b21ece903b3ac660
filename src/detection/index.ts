/**
 * Detection: display-name normalisation and look-alike scoring, the external-sender
 * policy, and campaign detection. No Teams SDK here: bot/ and src/signals call in.
 */
export type { DetectionPolicy, Reason, SenderIdentity, Verdict } from './types';
export { DEFAULT_THRESHOLD } from './types';
export { createDetector, type Detector } from './create-detector';
export {
  createCampaignTracker,
  type CampaignInput,
  type CampaignPolicy,
  type CampaignResult,
  type CampaignTracker,
} from './campaign-tracker';
export { normaliseName, type NormalisedName } from './normalise-name';
export { membershipOf, type Membership } from './tenant-membership';
export { REASON_CODES, type ReasonCode } from './reasons';
