/**
 * The policy `helpdesk-guard score` scores with, read from the settings the bot reads: the
 * helpdesk profile (`--profile FILE`, else HELPDESK_PROFILE_FILE) and the threshold
 * (`--threshold`, else DETECTION_THRESHOLD, else the profile's `detection.threshold`, else
 * 0.5). A bad setting is refused with the reason before any line is read.
 *
 * Without a profile file `score` scores for no organisation in particular (the bot shows
 * its built-in example's texts then), and the profile's loader (and zod) is not loaded.
 */
import type { DetectionPolicy } from '../detection';
import { HelpdeskGuardError } from '../errors';

/** What the flags say about the policy (score-command.ts parses them). */
export interface ScoreSettingFlags {
  homeTenantId: string;
  trustedTenantIds: string[];
  threshold?: number;
  profile?: string;
}

/** DETECTION_THRESHOLD as the bot reads it (src/config/load-config.ts): blank is unset. */
const envThreshold = (raw: string | undefined): number | undefined => {
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!(value > 0 && value <= 1))
    throw new HelpdeskGuardError(
      'config_invalid',
      `DETECTION_THRESHOLD must be a number in (0, 1] (got '${raw}'): fix it or unset it`,
    );
  return value;
};

/** The detection policy of `score`; rejects with a HelpdeskGuardError (profile_invalid, config_invalid). */
export const scorePolicyOf = async (
  flags: ScoreSettingFlags,
  env: Readonly<Record<string, string | undefined>>,
): Promise<DetectionPolicy> => {
  const threshold = flags.threshold ?? envThreshold(env.DETECTION_THRESHOLD);
  const tenants = { homeTenantId: flags.homeTenantId, trustedTenantIds: flags.trustedTenantIds };
  const file = flags.profile ?? (env.HELPDESK_PROFILE_FILE?.trim() || undefined);
  if (file === undefined) return threshold === undefined ? tenants : { ...tenants, threshold };
  // The bot's own loader and its reading of the profile (bot/workers.ts detectorOf).
  const { detectionSettingsOf, loadHelpdeskProfile } = await import('../config/helpdesk-profile');
  return { ...tenants, ...detectionSettingsOf(loadHelpdeskProfile(file), threshold) };
};
