/**
 * What the security team does from a campaign's card: decide (malicious or benign), re-warn
 * the targets who have not vouched for the sender, remove the attacker's chats for every
 * target. Each is for security-team members only, names the analyst in an audit log line
 * and an event, and leaves the card to be updated.
 */
import type { HelpdeskProfile } from '../config/helpdesk-profile';
import type { ErrorCode } from '../errors';
import type { EventPublisher } from '../events/event-publisher';
import { message, type Message } from '../i18n/translations';
import type { Logger } from '../log/logger';
import { normId } from '../reports/first-contact-log';
import type { SecurityTeam } from '../reports/report-deps';
import type { ReportStore } from '../reports/report-store';
import { limitConcurrency } from '../signals/graph/limit-concurrency';
import type { DedupeStore, UserKey } from '../store/ports';
import { learnFromTriage, type SenderLists } from '../verdicts';
import {
  CAMPAIGN_RETENTION_MS,
  type CampaignAnalyst,
  type CampaignDecision,
  type CampaignRecord,
  type CampaignStore,
  type CampaignTarget,
} from './campaign-store';
import type { CampaignCardQueue } from './campaign-watch';

/** Work the actions hand on: the card, a message to a target, a re-warning. Implemented in bot/. */
export interface CampaignOutbox extends CampaignCardQueue {
  /** A plain message to a target's 1:1 chat with the bot, said in the target's language. */
  tell(user: UserKey, text: Message): Promise<void>;
  /** The campaign re-warning card about `chatThreadId` to a target. */
  rewarn(campaignId: string, user: UserKey, chatThreadId: string): Promise<void>;
}

/** The Graph call the removal makes, with a client acting for the analyst (delegated token). */
export interface ChatAccessRemover {
  removeAllAccessForUser(chatId: string, userId: string, tenantId: string): Promise<void>;
}

export interface CampaignActionDeps {
  store: CampaignStore;
  reports: Pick<ReportStore, 'findByThread' | 'triage'>;
  /** The pipeline: campaign events carry their campaign ID already. */
  events: EventPublisher;
  securityTeam: SecurityTeam;
  /** The triage teaches the sender lists (src/verdicts); absent, it teaches nothing. */
  senderLists?: Pick<SenderLists, 'add'>;
  outbox: CampaignOutbox;
  dedupe: DedupeStore;
  profile: Pick<HelpdeskProfile, 'orgName' | 'helpdeskName' | 'phoneNumbers'>;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  clock?: () => number;
}

/** A refusal the handler shows in the analyst's language; `message` is safe to show. */
export interface CampaignRefusal {
  ok: false;
  reason: 'not_authorized' | 'not_found' | 'already_triaged';
  errorCode: ErrorCode;
  message: Message;
  /** For 'already_triaged': the campaign as it stands, to refresh the card. */
  campaign?: CampaignRecord;
}

export interface CampaignActionInput {
  tenantId: string;
  /** From the card's data: checked against the store, never trusted. */
  campaignId: string;
  /** The tapping analyst, from the activity (`from.aadObjectId`, `from.name`). */
  by: CampaignAnalyst;
}

export type CampaignActionResult<T> = ({ ok: true; campaign: CampaignRecord } & T) | CampaignRefusal;

/** Removals in flight at once: Graph throttles per app and tenant. */
const REMOVAL_CONCURRENCY = 4;

const NOT_AUTHORIZED: CampaignRefusal = {
  ok: false,
  reason: 'not_authorized',
  errorCode: 'not_authorized',
  message: message('security.campaign.actions.notAuthorized'),
};

const NOT_FOUND: CampaignRefusal = {
  ok: false,
  reason: 'not_found',
  errorCode: 'not_found',
  message: message('security.campaign.actions.notFound'),
};

/** The refusal of a second decision: what the first one was, and by whom. */
const alreadyTriaged = (malicious: boolean, by: string | undefined): Message =>
  by === undefined
    ? message(
        malicious ? 'security.campaign.actions.alreadyMalicious' : 'security.campaign.actions.alreadyBenign',
      )
    : message(
        malicious
          ? 'security.campaign.actions.alreadyMaliciousBy'
          : 'security.campaign.actions.alreadyBenignBy',
        { name: by },
      );

/** "3 users" / "1 user". */
const users = (n: number): string => `${n} user${n === 1 ? '' : 's'}`;

/**
 * What a target is told once the campaign is confirmed malicious: what happened, that
 * colleagues got it too, and what to do if they already did what the attacker asked.
 */
export const maliciousFeedbackText = (
  campaign: CampaignRecord,
  profile: CampaignActionDeps['profile'],
): Message => {
  const first = campaign.senders[0];
  const sender =
    first === undefined
      ? message('security.campaign.feedback.thatChat')
      : first.upn
        ? message('security.campaign.feedback.senderWithUpn', { name: first.displayName, upn: first.upn })
        : first.displayName;
  const others = campaign.targets.length - 1;
  const phone = profile.phoneNumbers[0];
  const call = phone
    ? message('security.campaign.feedback.callPhone', { helpdesk: profile.helpdeskName, phone })
    : message('security.campaign.feedback.contactHelpdesk', { helpdesk: profile.helpdeskName });
  return others > 0
    ? message('security.campaign.feedback.withOthers', { sender, count: others, call })
    : message('security.campaign.feedback.alone', { sender, call });
};

/** The campaign's actions; see the module comment. */
export const createCampaignActions = (deps: CampaignActionDeps) => {
  const clock = deps.clock ?? Date.now;

  /** The campaign, when the tapping user may act on it; the refusal otherwise (nothing changes). */
  const authorize = async (
    input: CampaignActionInput,
    action: string,
  ): Promise<{ ok: true; campaign: CampaignRecord } | CampaignRefusal> => {
    if (!(await deps.securityTeam.isMember(input.tenantId, input.by.aadObjectId))) {
      deps.log.warn(
        {
          tenantId: input.tenantId,
          actorObjectId: input.by.aadObjectId,
          campaignId: input.campaignId,
          action,
        },
        'campaign action refused: not security team',
      );
      return NOT_AUTHORIZED;
    }
    const campaign = await deps.store.get(input.campaignId);
    // A campaign of another tenant is as unknown as a forged ID.
    if (campaign === undefined || campaign.tenantId !== normId(input.tenantId)) {
      deps.log.warn(
        {
          tenantId: input.tenantId,
          actorObjectId: input.by.aadObjectId,
          campaignId: input.campaignId,
          action,
        },
        'campaign action refused: unknown campaign',
      );
      return NOT_FOUND;
    }
    return { ok: true, campaign };
  };

  const analystOf = (by: CampaignAnalyst): CampaignAnalyst => ({
    aadObjectId: normId(by.aadObjectId),
    name: by.name,
  });

  const senderFields = (campaign: CampaignRecord) => ({
    SenderUPN: campaign.senders[0]?.upn ?? null,
    SenderDisplayName: campaign.senders[0]?.displayName ?? null,
    SenderTenantId: campaign.senderTenantId,
  });

  /** Every open report of the campaign's chats takes the campaign's decision; their IDs. */
  const triageReports = async (campaign: CampaignRecord, decision: CampaignDecision, by: CampaignAnalyst) => {
    const chats = [...new Set(campaign.targets.flatMap((target) => target.chatThreadIds))];
    const reportIds: string[] = [];
    for (const chat of chats) {
      const report = await deps.reports.findByThread(campaign.tenantId, chat);
      if (!report || report.status !== 'open') continue;
      const stored = await deps.reports.triage(report.reportId, { by, at: clock(), decision });
      if (stored.ok) reportIds.push(report.reportId);
    }
    return reportIds;
  };

  /** Each target told once, in plain words, that the campaign was an attack. */
  const tellTargets = async (campaign: CampaignRecord): Promise<number> => {
    const text = maliciousFeedbackText(campaign, deps.profile);
    let told = 0;
    for (const target of campaign.targets) {
      const once = `campaign-told:${campaign.campaignId}:${target.aadObjectId}`;
      if (!(await deps.dedupe.claim(once, CAMPAIGN_RETENTION_MS))) continue;
      await deps.outbox.tell({ tenantId: campaign.tenantId, aadObjectId: target.aadObjectId }, text);
      await deps.store.mark(campaign.campaignId, target.aadObjectId, 'told_outcome', clock());
      told += 1;
    }
    return told;
  };

  return {
    authorize: (input: CampaignActionInput) => authorize(input, 'open'),

    /**
     * Malicious or benign; the first decision stands. Malicious blocks every sender (and
     * their tenant and domains) and tells each target once; benign allows the senders. The
     * campaign's open reports take the same decision.
     */
    async triage(
      input: CampaignActionInput & { decision: CampaignDecision },
    ): Promise<CampaignActionResult<{ told: number }>> {
      const allowed = await authorize(input, input.decision);
      if (!allowed.ok) return allowed;
      const by = analystOf(input.by);
      const stored = await deps.store.triage(input.campaignId, { decision: input.decision, by, at: clock() });
      if (!stored.ok) {
        if (stored.reason === 'not_found') return NOT_FOUND;
        const triage = stored.campaign.triage;
        return {
          ok: false,
          reason: 'already_triaged',
          errorCode: 'not_found',
          message: alreadyTriaged(stored.campaign.status === 'malicious', triage?.by.name),
          campaign: stored.campaign,
        };
      }
      const campaign = stored.campaign;
      deps.log.info(
        {
          campaignId: campaign.campaignId,
          analystObjectId: by.aadObjectId,
          analystName: by.name,
          decision: input.decision,
          targets: campaign.targets.length,
        },
        `campaign triaged ${input.decision} by ${by.name}`,
      );
      const reportIds = await triageReports(campaign, input.decision, by);
      await deps.events.emit({
        EventType: 'CampaignTriaged',
        Severity: input.decision === 'malicious' ? 'High' : 'Informational',
        Source: 'campaigns',
        ...senderFields(campaign),
        Details: {
          campaignId: campaign.campaignId,
          decision: input.decision,
          analystObjectId: by.aadObjectId,
          analystName: by.name,
          usersReached: campaign.targets.length,
          domains: campaign.domains,
          senderUpns: campaign.senders.map((sender) => sender.upn).filter((upn) => upn !== null),
          reportIds,
        },
      });
      if (deps.senderLists) {
        const lists = deps.senderLists;
        for (const sender of campaign.senders)
          await learnFromTriage(
            { lists, log: deps.log },
            {
              reportId: campaign.campaignId,
              subject: `Campaign ${campaign.campaignId}`,
              homeTenantId: campaign.tenantId,
              sender,
              campaignId: campaign.campaignId,
              decision: input.decision,
              by,
            },
          );
      }
      const told = input.decision === 'malicious' ? await tellTargets(campaign) : 0;
      await deps.outbox.changed(campaign.campaignId);
      return { ok: true, campaign, told };
    },

    /**
     * Re-warns each target who has not tapped "I know this person" and was not re-warned
     * before, with the campaign's re-warning card; a later tap reaches only new targets.
     */
    async rewarn(input: CampaignActionInput): Promise<CampaignActionResult<{ count: number }>> {
      const allowed = await authorize(input, 'rewarn');
      if (!allowed.ok) return allowed;
      const { campaign } = allowed;
      const by = analystOf(input.by);
      const due = campaign.targets.filter(
        (target) => target.flags.acknowledged === undefined && target.flags.chat_removed === undefined,
      );
      let count = 0;
      for (const target of due) {
        const once = `campaign-rewarn:${campaign.campaignId}:${target.aadObjectId}`;
        if (!(await deps.dedupe.claim(once, CAMPAIGN_RETENTION_MS))) continue;
        await deps.outbox.rewarn(
          campaign.campaignId,
          { tenantId: campaign.tenantId, aadObjectId: target.aadObjectId },
          target.chatThreadIds[0],
        );
        count += 1;
      }
      const action = { action: 'rewarn' as const, by, at: clock(), count };
      await deps.store.recordAction(campaign.campaignId, action);
      deps.log.info(
        { campaignId: campaign.campaignId, analystObjectId: by.aadObjectId, analystName: by.name, count },
        `campaign re-warning of ${users(count)} by ${by.name}`,
      );
      await deps.events.emit({
        EventType: 'CampaignUpdated',
        Severity: 'Medium',
        Source: 'campaigns',
        ...senderFields(campaign),
        Details: {
          campaignId: campaign.campaignId,
          change: 'rewarned',
          analystObjectId: by.aadObjectId,
          analystName: by.name,
          rewarned: count,
          usersReached: campaign.targets.length,
        },
      });
      await deps.outbox.changed(campaign.campaignId);
      return { ok: true, campaign: { ...campaign, actions: [...campaign.actions, action] }, count };
    },

    /**
     * Removes every attacker chat for every target through Graph, acting for the analyst
     * (`graph` holds their delegated token for this call only). A removal that fails is
     * logged and counted; the others go on. One ChatAccessRemoved per chat and user removed.
     */
    async removeChats(
      input: CampaignActionInput & { graph: ChatAccessRemover },
    ): Promise<CampaignActionResult<{ removed: number; failed: number }>> {
      const allowed = await authorize(input, 'remove_chats');
      if (!allowed.ok) return allowed;
      const { campaign } = allowed;
      const by = analystOf(input.by);
      const pairs = campaign.targets.flatMap((target) =>
        target.chatThreadIds.map((chatThreadId) => ({ target, chatThreadId })),
      );
      const limit = limitConcurrency(REMOVAL_CONCURRENCY);
      const remove = async ({ target, chatThreadId }: (typeof pairs)[number]): Promise<void> => {
        await input.graph.removeAllAccessForUser(chatThreadId, target.aadObjectId, campaign.tenantId);
        await deps.events.emit({
          EventType: 'ChatAccessRemoved',
          Severity: 'High',
          Source: 'campaigns',
          ChatThreadId: chatThreadId,
          VictimAccountObjectId: target.aadObjectId,
          VictimUPN: target.upn ?? null,
          ...senderFields(campaign),
          Details: { campaignId: campaign.campaignId, analystObjectId: by.aadObjectId, analystName: by.name },
        });
      };
      const results = await Promise.allSettled(pairs.map((pair) => limit(() => remove(pair))));
      const failedTargets = new Set<CampaignTarget>();
      results.forEach((result, i) => {
        if (result.status === 'fulfilled') return;
        const { target, chatThreadId } = pairs[i];
        failedTargets.add(target);
        deps.log.error(
          {
            err: result.reason,
            campaignId: campaign.campaignId,
            chatThreadId,
            targetObjectId: target.aadObjectId,
          },
          'chat removal failed',
        );
      });
      const done = campaign.targets.filter((target) => !failedTargets.has(target));
      for (const target of done)
        await deps.store.mark(campaign.campaignId, target.aadObjectId, 'chat_removed', clock());
      const action = {
        action: 'remove_chats' as const,
        by,
        at: clock(),
        count: done.length,
        ...(failedTargets.size > 0 ? { failed: failedTargets.size } : {}),
      };
      await deps.store.recordAction(campaign.campaignId, action);
      deps.log.info(
        {
          campaignId: campaign.campaignId,
          analystObjectId: by.aadObjectId,
          analystName: by.name,
          removedFor: done.length,
          failedFor: failedTargets.size,
        },
        `campaign chats removed for ${users(done.length)} by ${by.name}`,
      );
      await deps.events.emit({
        EventType: 'CampaignUpdated',
        Severity: 'High',
        Source: 'campaigns',
        ...senderFields(campaign),
        Details: {
          campaignId: campaign.campaignId,
          change: 'chats_removed',
          analystObjectId: by.aadObjectId,
          analystName: by.name,
          removedFor: done.length,
          failedFor: failedTargets.size,
          chatsRemoved: results.filter((result) => result.status === 'fulfilled').length,
        },
      });
      await deps.outbox.changed(campaign.campaignId);
      return { ok: true, campaign, removed: done.length, failed: failedTargets.size };
    },
  };
};

export type CampaignActions = ReturnType<typeof createCampaignActions>;
