import { normId, type ContactSender } from '../reports/first-contact-log';
import { senderKeyOf } from './campaign-sender-key';
import {
  domainOf,
  type CampaignActionRecord,
  type CampaignContactInput,
  type CampaignContactResult,
  type CampaignRecord,
  type CampaignStore,
  type CampaignTarget,
  type CampaignTriage,
  type CampaignTriageResult,
  type TargetFlag,
} from './campaign-store';

/** A campaign in memory: one process only (the embedded default). */
interface Entry {
  record: Omit<CampaignRecord, 'senders' | 'domains' | 'targets'>;
  senders: Map<string, ContactSender>;
  targets: Map<string, CampaignTarget>;
}

const copy = <T>(value: T): T => structuredClone(value);

/** Campaigns in one process. Reads hand out copies, so a caller never changes the store. */
export class MemoryCampaignStore implements CampaignStore {
  private readonly campaigns = new Map<string, Entry>();

  async addContact(input: CampaignContactInput): Promise<CampaignContactResult> {
    const at = input.target.at;
    let entry = this.campaigns.get(input.campaignId);
    const created = entry === undefined;
    if (entry === undefined) {
      entry = {
        record: {
          campaignId: input.campaignId,
          tenantId: normId(input.tenantId),
          senderTenantId: input.senderTenantId === null ? null : normId(input.senderTenantId),
          detectedAt: input.detectedAt,
          firstContactAt: at,
          lastContactAt: at,
          status: 'open',
          actions: [],
        },
        senders: new Map(),
        targets: new Map(),
      };
      this.campaigns.set(input.campaignId, entry);
    }
    entry.record.firstContactAt = Math.min(entry.record.firstContactAt, at);
    entry.record.lastContactAt = Math.max(entry.record.lastContactAt, at);
    const senderKey = senderKeyOf(input.sender);
    if (!entry.senders.has(senderKey)) entry.senders.set(senderKey, copy(input.sender));
    const id = normId(input.target.aadObjectId);
    const target = entry.targets.get(id);
    if (target === undefined) {
      entry.targets.set(id, {
        aadObjectId: id,
        ...(input.target.upn ? { upn: input.target.upn } : {}),
        chatThreadIds: [input.target.chatThreadId],
        flags: { contacted: at },
      });
      return { created, newTarget: true, usersReached: entry.targets.size };
    }
    if (!target.chatThreadIds.includes(input.target.chatThreadId))
      target.chatThreadIds.push(input.target.chatThreadId);
    return { created, newTarget: false, usersReached: entry.targets.size };
  }

  async mark(campaignId: string, aadObjectId: string, flag: TargetFlag, at: number): Promise<boolean> {
    const target = this.campaigns.get(campaignId)?.targets.get(normId(aadObjectId));
    if (target === undefined || target.flags[flag] !== undefined) return false;
    target.flags[flag] = at;
    return true;
  }

  async get(campaignId: string): Promise<CampaignRecord | undefined> {
    const entry = this.campaigns.get(campaignId);
    if (entry === undefined) return undefined;
    const senders = [...entry.senders.values()];
    return copy({
      ...entry.record,
      senders,
      domains: domainsOf(senders),
      targets: [...entry.targets.values()],
    });
  }

  async triage(campaignId: string, triage: CampaignTriage): Promise<CampaignTriageResult> {
    const entry = this.campaigns.get(campaignId);
    if (entry === undefined) return { ok: false, reason: 'not_found' };
    if (entry.record.status !== 'open')
      return { ok: false, reason: 'already_triaged', campaign: (await this.get(campaignId))! };
    entry.record.status = triage.decision;
    entry.record.triage = copy(triage);
    return { ok: true, campaign: (await this.get(campaignId))! };
  }

  async recordAction(campaignId: string, action: CampaignActionRecord): Promise<boolean> {
    const entry = this.campaigns.get(campaignId);
    if (entry === undefined) return false;
    entry.record.actions.push(copy(action));
    return true;
  }

  async setSecurityCardActivityId(campaignId: string, activityId: string): Promise<void> {
    const entry = this.campaigns.get(campaignId);
    if (entry !== undefined) entry.record.securityCardActivityId = activityId;
  }
}

/** The senders' domains, first seen first, each once. */
export const domainsOf = (senders: readonly ContactSender[]): string[] => [
  ...new Set(senders.map((sender) => domainOf(sender.upn)).filter((domain) => domain !== undefined)),
];
