/**
 * Campaigns: one external tenant (or one sender) reaching many users within a short
 * window. Counting and the campaign ID live in the shared stores, so every replica
 * sees the same count and hands out the same ID.
 */
import { randomUUID } from 'node:crypto';
import type { DedupeStore, KeyValueStore, WindowCounter } from '../store/ports';

export interface CampaignPolicy {
  /** Distinct users reached that make a campaign. */
  minUsers: number;
  windowMinutes: number;
}

export interface CampaignInput {
  senderTenantId: string | null;
  senderUpn: string | null;
  recipientId: string;
  /** When the contact happened (ms since epoch); now when not set. */
  at?: number;
}

export interface CampaignResult {
  campaignId: string | null;
  usersReached: number;
  /** 'high' once the sender is part of a campaign: the warning and the event say so. */
  severity: 'high' | 'normal';
}

export interface CampaignTracker {
  record(input: CampaignInput): Promise<CampaignResult>;
  /** The sender's (or their tenant's) campaign open now, without counting a contact. */
  current(input: Pick<CampaignInput, 'senderTenantId' | 'senderUpn'>): Promise<string | undefined>;
}

/** Only the replica that claims this lock creates the ID; it guards creation only. */
const CREATE_LOCK_MS = 5_000;
const WAIT_STEPS_MS = [10, 20, 40, 80, 160, 320];

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Tracks campaigns. `dedupe` (SET NX) makes exactly one replica create a campaign's ID;
 * the others read it back. Without `dedupe` the KeyValueStore is used alone, which is
 * safe in one process only.
 */
export const createCampaignTracker = (
  deps: { windows: WindowCounter; kv: KeyValueStore; dedupe?: DedupeStore },
  policy: CampaignPolicy,
): CampaignTracker => {
  const windowMs = policy.windowMinutes * 60_000;
  const keysOf = (input: Pick<CampaignInput, 'senderTenantId' | 'senderUpn'>): string[] => {
    const keys: string[] = [];
    const tenant = input.senderTenantId?.trim().toLowerCase();
    const upn = input.senderUpn?.trim().toLowerCase();
    if (tenant) keys.push(`tenant:${tenant}`);
    if (upn) keys.push(`sender:${upn}`);
    return keys;
  };
  const idKey = (key: string): string => `campaign:id:${key}`;

  /** The campaign ID under the first key that has one (the tenant's before the sender's). */
  const existingId = async (keys: string[]): Promise<string | undefined> => {
    const ids = await Promise.all(keys.map((key) => deps.kv.get<string>(idKey(key))));
    return ids.find((id) => id);
  };

  const createId = async (keys: string[]): Promise<string | undefined> => {
    const lock = `campaign:create:${keys[0]}`;
    const claimed = deps.dedupe ? await deps.dedupe.claim(lock, CREATE_LOCK_MS) : true;
    if (claimed) {
      const id = await existingId(keys);
      return id ?? `cmp-${randomUUID()}`;
    }
    // Another replica is creating it: read it back as soon as it lands.
    for (const wait of WAIT_STEPS_MS) {
      await sleep(wait);
      const id = await existingId(keys);
      if (id) return id;
    }
    return undefined;
  };

  return {
    current: (input) => existingId(keysOf(input)),
    async record(input) {
      const keys = keysOf(input);
      if (keys.length === 0) return { campaignId: null, usersReached: 0, severity: 'normal' };
      const at = input.at ?? Date.now();
      // One round trip for the counts and the open campaign, not one after another: a
      // signal's worker waits on this for every external sender.
      const [counts, open] = await Promise.all([
        Promise.all(keys.map((key) => deps.windows.add(`campaign:${key}`, input.recipientId, windowMs, at))),
        existingId(keys),
      ]);
      const usersReached = Math.max(0, ...counts);
      let campaignId = open;
      if (!campaignId && usersReached >= policy.minUsers) campaignId = await createId(keys);
      if (!campaignId) return { campaignId: null, usersReached, severity: 'normal' };
      // Every contact keeps the campaign open for another window, under every key it has.
      await Promise.all(keys.map((key) => deps.kv.set(idKey(key), campaignId, windowMs)));
      return { campaignId, usersReached, severity: 'high' };
    },
  };
};
