/**
 * Campaigns as the security team sees them: who the attacker is, whom they reached and
 * what each of those users did since, and what the security team decided. One record per
 * campaign ID (src/campaigns/campaign-tracker.ts hands the IDs out), shared by every
 * replica. Facts only grow: a target once warned stays warned, the first triage stands.
 */
import type { ContactSender } from '../reports/first-contact-log';

/**
 * What happened to one targeted user, each recorded once with when it first happened
 * (ms since the epoch).
 * - `contacted`: the attacker's first contact reached the bot (always set);
 * - `warned` / `warning_failed`: the warning card reached them, or could not;
 * - `acknowledged`: they tapped "I know this person";
 * - `verified`: a helpdesk code checked out for them (a real helpdesk call);
 * - `verification_failed`: they checked a code that was wrong;
 * - `reported`: they reported the chat;
 * - `remote_tool`: Defender saw a remote-support tool start on their device after the warning;
 * - `rewarned`: the security team's campaign re-warning reached them;
 * - `chat_removed`: the attacker's chats were removed for them through Graph;
 * - `told_outcome`: they were told the campaign was confirmed malicious.
 */
export const TARGET_FLAGS = [
  'contacted',
  'warned',
  'warning_failed',
  'acknowledged',
  'verified',
  'verification_failed',
  'reported',
  'remote_tool',
  'rewarned',
  'chat_removed',
  'told_outcome',
] as const;
export type TargetFlag = (typeof TARGET_FLAGS)[number];

/** One user the campaign reached. */
export interface CampaignTarget {
  /** Entra object ID, lower case. */
  aadObjectId: string;
  upn?: string;
  /** The attacker's chats with this user, oldest first. */
  chatThreadIds: string[];
  /** When each flag was first recorded. `contacted` is always there. */
  flags: Partial<Record<TargetFlag, number>>;
}

export type CampaignDecision = 'malicious' | 'benign';
export type CampaignStatus = 'open' | CampaignDecision;

/** A security-team member acting on the card, as the tap identified them. */
export interface CampaignAnalyst {
  aadObjectId: string;
  name: string;
}

export interface CampaignTriage {
  decision: CampaignDecision;
  by: CampaignAnalyst;
  at: number;
}

/** An analyst's action other than the triage, kept for the card's history line. */
export interface CampaignActionRecord {
  action: 'rewarn' | 'remove_chats';
  by: CampaignAnalyst;
  at: number;
  /** Users the action reached (re-warned; chats removed for). */
  count: number;
  /** Users it could not reach (removal failures). */
  failed?: number;
}

/** What a campaign is, from its first contact on. */
export interface CampaignFacts {
  campaignId: string;
  /** The home tenant. */
  tenantId: string;
  /** The attacker's tenant, when the contacts named one. */
  senderTenantId: string | null;
  /** When the campaign was detected (ms). */
  detectedAt: number;
}

export interface CampaignRecord extends CampaignFacts {
  /** Every sender account seen in the campaign's contacts, first seen first. */
  senders: ContactSender[];
  /** The senders' domains (lower case, from their UPNs), first seen first. */
  domains: string[];
  /** The earliest and latest contact of any target (ms). */
  firstContactAt: number;
  lastContactAt: number;
  /** In order of first contact. */
  targets: CampaignTarget[];
  status: CampaignStatus;
  triage?: CampaignTriage;
  /** Oldest first. */
  actions: CampaignActionRecord[];
  /** The campaign's card in the security channel, once posted (updated in place after that). */
  securityCardActivityId?: string;
}

/** One first contact that belongs to a campaign. */
export interface CampaignContactInput extends CampaignFacts {
  sender: ContactSender;
  target: { aadObjectId: string; upn?: string; chatThreadId: string; at: number };
}

export interface CampaignContactResult {
  /** This call created the campaign's record. */
  created: boolean;
  /** This call added the target (their first chat in the campaign). */
  newTarget: boolean;
  /** The campaign's targets after this call: what "contacted N people" says, without reading them all. */
  usersReached: number;
}

export type CampaignTriageResult =
  | { ok: true; campaign: CampaignRecord }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'already_triaged'; campaign: CampaignRecord };

/** How long a campaign is kept after its last change; the event pipeline keeps the durable record. */
export const CAMPAIGN_RETENTION_MS = 90 * 24 * 3_600_000;

/**
 * The campaign store port: memory for one process, Redis for any number of replicas. Both
 * pass test/integration/campaigns/campaign-store.contract.test.ts. Every write is atomic
 * per campaign: simultaneous contacts of one campaign on two replicas make one record with
 * both targets, and simultaneous triages leave exactly one decision.
 */
export interface CampaignStore {
  /**
   * Records a contact: creates the campaign with `facts` if it has no record yet, adds the
   * sender and its domain if new, the target if new (flag `contacted` at `target.at`) or
   * the chat to a known target, and widens first/last contact. Idempotent.
   */
  addContact(input: CampaignContactInput): Promise<CampaignContactResult>;
  /** Records `flag` for a target at `at`; true when this call recorded it, false when it was already (or the target is unknown). */
  mark(campaignId: string, aadObjectId: string, flag: TargetFlag, at: number): Promise<boolean>;
  get(campaignId: string): Promise<CampaignRecord | undefined>;
  /** Records the decision, only from 'open'; of simultaneous triages exactly one wins. */
  triage(campaignId: string, triage: CampaignTriage): Promise<CampaignTriageResult>;
  /** Appends an analyst's action; false when there is no such campaign. */
  recordAction(campaignId: string, action: CampaignActionRecord): Promise<boolean>;
  setSecurityCardActivityId(campaignId: string, activityId: string): Promise<void>;
}

/** The domain part of a UPN, lower case; undefined without one. */
export const domainOf = (upn: string | null | undefined): string | undefined => {
  const at = upn?.lastIndexOf('@') ?? -1;
  if (!upn || at < 0 || at === upn.length - 1) return undefined;
  return upn
    .slice(at + 1)
    .trim()
    .toLowerCase();
};
