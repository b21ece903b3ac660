import { normId, type ContactSender } from '../reports/first-contact-log';
import { taggedPrefix } from '../store/keys';
import type { RedisConnection } from '../store/redis';
import { senderKeyOf } from './campaign-sender-key';
import {
  CAMPAIGN_RETENTION_MS,
  TARGET_FLAGS,
  type CampaignActionRecord,
  type CampaignContactInput,
  type CampaignContactResult,
  type CampaignDecision,
  type CampaignRecord,
  type CampaignStatus,
  type CampaignStore,
  type CampaignTarget,
  type CampaignTriage,
  type CampaignTriageResult,
  type TargetFlag,
} from './campaign-store';
import { domainsOf } from './memory-campaign-store';

/**
 * KEYS: meta, targets, flags, senders, actions. ARGV: retention ms, campaign ID, tenant,
 * sender tenant ('' for none), detected at, contact at, target object ID, target UPN (''),
 * chat thread ID, sender key, sender JSON. Returns {created, newTarget, targets}.
 */
const ADD_CONTACT = `
local created = redis.call('HSETNX', KEYS[1], 'campaignId', ARGV[2])
local at = tonumber(ARGV[6])
if created == 1 then
  redis.call('HSET', KEYS[1], 'tenantId', ARGV[3], 'senderTenantId', ARGV[4], 'detectedAt', ARGV[5],
    'first', ARGV[6], 'last', ARGV[6], 'status', 'open')
else
  if at < tonumber(redis.call('HGET', KEYS[1], 'first')) then redis.call('HSET', KEYS[1], 'first', ARGV[6]) end
  if at > tonumber(redis.call('HGET', KEYS[1], 'last')) then redis.call('HSET', KEYS[1], 'last', ARGV[6]) end
end
local newTarget = 0
local raw = redis.call('HGET', KEYS[2], ARGV[7])
if not raw then
  local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
  local target = { aadObjectId = ARGV[7], chatThreadIds = { ARGV[9] }, seq = seq }
  if ARGV[8] ~= '' then target.upn = ARGV[8] end
  redis.call('HSET', KEYS[2], ARGV[7], cjson.encode(target))
  redis.call('HSETNX', KEYS[3], ARGV[7] .. '|contacted', ARGV[6])
  newTarget = 1
else
  local target = cjson.decode(raw)
  local known = false
  for _, chat in ipairs(target.chatThreadIds) do
    if chat == ARGV[9] then known = true end
  end
  if not known then
    table.insert(target.chatThreadIds, ARGV[9])
    redis.call('HSET', KEYS[2], ARGV[7], cjson.encode(target))
  end
end
if redis.call('HEXISTS', KEYS[4], ARGV[10]) == 0 then
  local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
  redis.call('HSET', KEYS[4], ARGV[10], '{"seq":' .. seq .. ',"sender":' .. ARGV[11] .. '}')
end
for i = 1, 5 do redis.call('PEXPIRE', KEYS[i], ARGV[1]) end
return { created, newTarget, redis.call('HLEN', KEYS[2]) }
`;

/** KEYS: targets, flags. ARGV: object ID, flag, at. 1 when recorded now. */
const MARK = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
return redis.call('HSETNX', KEYS[2], ARGV[1] .. '|' .. ARGV[2], ARGV[3])
`;

/** KEYS: meta. ARGV: decision, triage JSON. 'ok', 'not_found' or 'already_triaged'. */
const TRIAGE = `
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return 'not_found' end
if status ~= 'open' then return 'already_triaged' end
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'triage', ARGV[2])
return 'ok'
`;

/** KEYS: meta, actions. ARGV: retention ms, action JSON. 1 when appended. */
const RECORD_ACTION = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('RPUSH', KEYS[2], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
return 1
`;

/** KEYS: meta. ARGV: activity ID. */
const SET_CARD = `
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'card', ARGV[1]) end
return 0
`;

const FLAGS = new Set<string>(TARGET_FLAGS);

/**
 * Campaigns in Redis, shared by every replica. Each campaign's keys share the hash tag
 * `{campaign:<id>}`, so its scripts run on one slot while campaigns spread over a cluster:
 * `meta` (a hash of the facts, status, triage and card), `targets` (object ID -> JSON),
 * `flags` ("<object ID>|<flag>" -> ms, HSETNX: first time stands), `senders` (sender key
 * -> JSON) and `actions` (a list). Every contact keeps the campaign for another retention.
 */
export class RedisCampaignStore implements CampaignStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly retentionMs = CAMPAIGN_RETENTION_MS,
  ) {}

  private keys(campaignId: string) {
    const prefix = taggedPrefix(`campaign:${campaignId}`);
    return {
      meta: `${prefix}meta`,
      targets: `${prefix}targets`,
      flags: `${prefix}flags`,
      senders: `${prefix}senders`,
      actions: `${prefix}actions`,
    };
  }

  async addContact(input: CampaignContactInput): Promise<CampaignContactResult> {
    const k = this.keys(input.campaignId);
    const reply = (await this.redis.eval(ADD_CONTACT, {
      keys: [k.meta, k.targets, k.flags, k.senders, k.actions],
      arguments: [
        String(this.retentionMs),
        input.campaignId,
        normId(input.tenantId),
        input.senderTenantId === null ? '' : normId(input.senderTenantId),
        String(input.detectedAt),
        String(input.target.at),
        normId(input.target.aadObjectId),
        input.target.upn ?? '',
        input.target.chatThreadId,
        senderKeyOf(input.sender),
        JSON.stringify(input.sender),
      ],
    })) as [number, number, number];
    return { created: reply[0] === 1, newTarget: reply[1] === 1, usersReached: reply[2] };
  }

  async mark(campaignId: string, aadObjectId: string, flag: TargetFlag, at: number): Promise<boolean> {
    const k = this.keys(campaignId);
    const reply = await this.redis.eval(MARK, {
      keys: [k.targets, k.flags],
      arguments: [normId(aadObjectId), flag, String(at)],
    });
    return reply === 1;
  }

  async get(campaignId: string): Promise<CampaignRecord | undefined> {
    const k = this.keys(campaignId);
    const [meta, targets, flags, senders, actions] = (await this.redis
      .multi(k.meta)
      .hGetAll(k.meta)
      .hGetAll(k.targets)
      .hGetAll(k.flags)
      .hGetAll(k.senders)
      .lRange(k.actions, 0, -1)
      .exec()) as unknown as [
      Record<string, string>,
      Record<string, string>,
      Record<string, string>,
      Record<string, string>,
      string[],
    ];
    if (!meta.campaignId) return undefined;
    const orderedSenders = Object.values(senders)
      .map((raw) => JSON.parse(raw) as { seq: number; sender: ContactSender })
      .sort((a, b) => a.seq - b.seq)
      .map((entry) => entry.sender);
    return {
      campaignId: meta.campaignId,
      tenantId: meta.tenantId,
      senderTenantId: meta.senderTenantId || null,
      detectedAt: Number(meta.detectedAt),
      firstContactAt: Number(meta.first),
      lastContactAt: Number(meta.last),
      status: meta.status as CampaignStatus,
      ...(meta.triage ? { triage: JSON.parse(meta.triage) as CampaignTriage } : {}),
      ...(meta.card ? { securityCardActivityId: meta.card } : {}),
      senders: orderedSenders,
      domains: domainsOf(orderedSenders),
      targets: targetsOf(targets, flags),
      actions: actions.map((raw) => JSON.parse(raw) as CampaignActionRecord),
    };
  }

  async triage(campaignId: string, triage: CampaignTriage): Promise<CampaignTriageResult> {
    const reply = await this.redis.eval(TRIAGE, {
      keys: [this.keys(campaignId).meta],
      arguments: [triage.decision satisfies CampaignDecision, JSON.stringify(triage)],
    });
    if (reply === 'not_found') return { ok: false, reason: 'not_found' };
    const campaign = await this.get(campaignId);
    if (campaign === undefined) return { ok: false, reason: 'not_found' };
    return reply === 'ok' ? { ok: true, campaign } : { ok: false, reason: 'already_triaged', campaign };
  }

  async recordAction(campaignId: string, action: CampaignActionRecord): Promise<boolean> {
    const k = this.keys(campaignId);
    const reply = await this.redis.eval(RECORD_ACTION, {
      keys: [k.meta, k.actions],
      arguments: [String(this.retentionMs), JSON.stringify(action)],
    });
    return reply === 1;
  }

  async setSecurityCardActivityId(campaignId: string, activityId: string): Promise<void> {
    await this.redis.eval(SET_CARD, { keys: [this.keys(campaignId).meta], arguments: [activityId] });
  }
}

/** The targets in order of first contact, each with its flags. */
const targetsOf = (targets: Record<string, string>, flags: Record<string, string>): CampaignTarget[] => {
  const byId = new Map<string, CampaignTarget & { seq: number }>();
  for (const raw of Object.values(targets)) {
    const stored = JSON.parse(raw) as {
      aadObjectId: string;
      upn?: string;
      chatThreadIds: string[];
      seq: number;
    };
    byId.set(stored.aadObjectId, { ...stored, flags: {} });
  }
  for (const [field, at] of Object.entries(flags)) {
    const bar = field.lastIndexOf('|');
    const target = byId.get(field.slice(0, bar));
    const flag = field.slice(bar + 1);
    if (target && FLAGS.has(flag)) target.flags[flag as TargetFlag] = Number(at);
  }
  return [...byId.values()].sort((a, b) => a.seq - b.seq).map(({ seq: _seq, ...target }) => target);
};
