/**
 * Campaigns: one external tenant (or one sender) reaching many users within a short
 * window, counted in the shared stores. Stateful, unlike src/detection's scoring.
 */
export {
  createCampaignTracker,
  type CampaignInput,
  type CampaignPolicy,
  type CampaignResult,
  type CampaignTracker,
} from './campaign-tracker';
