/**
 * Action.Execute verbs of the campaign card in the security channel (campaign-security.ts),
 * shared with its handlers in bot/. Data of every one: `{ campaignId }`; the handler trusts
 * nothing else on the tap, looks the campaign up and checks that the tapping user is on the
 * security team.
 */

/** "Confirm malicious": the campaign's triage, only while it is open. Security team only. */
export const CAMPAIGN_MALICIOUS_VERB = 'campaign.malicious';

/** "Benign": the campaign's triage, only while it is open. Security team only. */
export const CAMPAIGN_BENIGN_VERB = 'campaign.benign';

/** "Re-warn users who did not acknowledge": while open or confirmed malicious. Security team only. */
export const CAMPAIGN_REWARN_VERB = 'campaign.rewarn';

/** "Remove the chats for all targets": needs Graph permissions to remove chat members. Security team only. */
export const CAMPAIGN_REMOVE_CHATS_VERB = 'campaign.removeChats';
