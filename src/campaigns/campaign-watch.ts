/**
 * The campaign view follows the events: every event of a campaign's chats carries the
 * campaign ID (DESIGN.md), and what it says of its user (warned, acknowledged, reported...)
 * is what the campaign card shows. So the event publisher is where campaigns are kept up to
 * date, whoever emitted the event, and where an event that lacks the ID gets it.
 */
import type { EventPublisher } from '../events/event-publisher';
import type { EventInput, EventType } from '../events/schema';
import type { Logger } from '../log/logger';
import {
  normId,
  type ContactSender,
  type FirstContactEntry,
  type FirstContactLog,
} from '../reports/first-contact-log';
import type { ReportStore } from '../reports/report-store';
import type { CampaignStore, TargetFlag } from './campaign-store';
import type { CampaignTracker } from './campaign-tracker';

/** What the campaign card and its events are told; implemented in bot/ (the card, its coalescing). */
export interface CampaignCardQueue {
  /** The campaign changed: bring its card up to date (posted once, then edited in place, coalesced). */
  changed(campaignId: string): Promise<void>;
}

export interface CampaignWatchDeps {
  store: CampaignStore;
  firstContacts: Pick<FirstContactLog, 'get' | 'record' | 'bySender'>;
  reports: Pick<ReportStore, 'findByThread'>;
  /** Which campaign a sender's contact belongs to now (the IDs the first-contact worker hands out). */
  tracker: Pick<CampaignTracker, 'current'>;
  /** Where campaign events go: the pipeline itself, not the watching publisher (no loop). */
  events: EventPublisher;
  card: CampaignCardQueue;
  homeTenantId: string;
  /** How far back a new campaign gathers the contacts that made it (CAMPAIGN_WINDOW_MINUTES). */
  windowMs: number;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  clock?: () => number;
}

/** The target flag an event records, for the events that tell of one user of one chat. */
const FLAG_OF: Partial<Record<EventType, TargetFlag>> = {
  WarningDelivered: 'warned',
  WarningFailed: 'warning_failed',
  UserAcknowledged: 'acknowledged',
  VerificationSucceeded: 'verified',
  VerificationFailed: 'verification_failed',
  ChatReported: 'reported',
  RemoteToolAfterWarning: 'remote_tool',
};

const SOURCE = 'campaigns';

const campaignIdOf = (input: EventInput): string | null | undefined => {
  const id = input.Details?.campaignId;
  return typeof id === 'string' || id === null ? id : undefined;
};

/** The flags a contact logged before its campaign was detected already earned. */
const flagsOf = (entry: FirstContactEntry): Array<[TargetFlag, number]> => {
  const flags: Array<[TargetFlag, number]> = [];
  const delivered = entry.warnings.find((warning) => warning.delivered);
  if (delivered) flags.push(['warned', delivered.at]);
  else if (entry.warnings.length > 0) flags.push(['warning_failed', entry.warnings[0].at]);
  const ok = entry.verificationAttempts.find((attempt) => attempt.outcome === 'ok');
  if (ok) flags.push(['verified', ok.at]);
  const failed = entry.verificationAttempts.find((attempt) => attempt.outcome !== 'ok');
  if (failed) flags.push(['verification_failed', failed.at]);
  return flags;
};

/**
 * Keeps campaigns up to date from the events, and adds the campaign ID to an event of a
 * campaign's chat that lacks it (one first-contact read). A failure here is logged, never
 * thrown: the event itself must not be lost to the campaign view.
 */
export const createCampaignWatch = (deps: CampaignWatchDeps) => {
  const clock = deps.clock ?? Date.now;

  /**
   * Joins a logged contact to a campaign. The order closes a race with the contact's own
   * worker: target first, then the ID on the entry, then what the entry says. An event
   * emitted before the ID landed was logged before this read; one emitted after it carries
   * the ID and marks the target itself.
   */
  const join = async (campaignId: string, logged: FirstContactEntry, detectedAt: number): Promise<void> => {
    await deps.store.addContact({
      campaignId,
      tenantId: deps.homeTenantId,
      senderTenantId: logged.sender.tenantId,
      detectedAt,
      sender: logged.sender,
      target: {
        aadObjectId: logged.recipientId,
        ...(logged.recipientUpn ? { upn: logged.recipientUpn } : {}),
        chatThreadId: logged.chatThreadId,
        at: logged.observedAt,
      },
    });
    await deps.firstContacts.record({ ...logged, campaignId });
    const entry =
      (await deps.firstContacts.get(deps.homeTenantId, logged.recipientId, logged.chatThreadId)) ?? logged;
    for (const [flag, at] of flagsOf(entry)) await deps.store.mark(campaignId, entry.recipientId, flag, at);
    const report = await deps.reports.findByThread(deps.homeTenantId, entry.chatThreadId);
    const reporter = report?.reporters.find((r) => r.aadObjectId === normId(entry.recipientId));
    if (reporter) await deps.store.mark(campaignId, entry.recipientId, 'reported', reporter.at);
  };

  /**
   * The campaign an event of one user's chat belongs to: its first-contact entry's; or, for
   * a contact logged without one while its campaign was being created (the worker that
   * counted it saw no campaign yet), the sender's campaign now, which it then joins.
   */
  const lookup = async (input: EventInput): Promise<string | undefined> => {
    if (!input.ChatThreadId || !input.VictimAccountObjectId) return undefined;
    const entry = await deps.firstContacts.get(
      deps.homeTenantId,
      input.VictimAccountObjectId,
      input.ChatThreadId,
    );
    if (!entry) return undefined;
    if (entry.campaignId) return entry.campaignId;
    const current = await deps.tracker.current({
      senderTenantId: entry.sender.tenantId,
      senderUpn: entry.sender.upn,
    });
    if (current && (await deps.store.get(current))) await join(current, entry, clock());
    return current;
  };

  /**
   * The event as it should be emitted: with its campaign's ID where it has one. An event
   * of what a user did (FLAG_OF) whose emitter knew of no campaign is looked up too.
   */
  const enrich = async (input: EventInput): Promise<EventInput> => {
    const known = campaignIdOf(input);
    if (typeof known === 'string') return input;
    if (known === null && FLAG_OF[input.EventType] === undefined) return input;
    const campaignId = await lookup(input);
    return campaignId ? { ...input, Details: { ...input.Details, campaignId } } : input;
  };

  const senderOf = (input: EventInput): ContactSender => ({
    displayName: input.SenderDisplayName ?? '',
    upn: input.SenderUPN ?? null,
    tenantId: input.SenderTenantId ?? null,
  });

  /**
   * The contacts that made the campaign, logged before it had an ID (or while it was being
   * created, on another worker): they get the ID, so their later events carry it, and join
   * the campaign with what they already earned.
   */
  const gather = async (
    campaignId: string,
    sender: ContactSender,
    sinceMs: number,
    detectedAt: number,
  ): Promise<void> => {
    const earlier = await deps.firstContacts.bySender(deps.homeTenantId, sender, sinceMs);
    for (const contact of earlier) {
      const logged = await deps.firstContacts.get(
        deps.homeTenantId,
        contact.recipientId,
        contact.chatThreadId,
      );
      if (logged && logged.campaignId === undefined) await join(campaignId, logged, detectedAt);
    }
  };

  /**
   * Gathers again what the first gathering could not see: a contact another worker was
   * still logging when the campaign was created. The card worker calls it before each
   * update, so the card completes itself within one update.
   */
  const reconcile = async (campaignId: string): Promise<void> => {
    const campaign = await deps.store.get(campaignId);
    if (!campaign || campaign.senders.length === 0) return;
    const sender = campaign.senderTenantId
      ? { displayName: '', upn: null, tenantId: campaign.senderTenantId }
      : campaign.senders[0];
    await gather(campaignId, sender, campaign.firstContactAt - deps.windowMs, campaign.detectedAt);
  };

  const contacted = async (campaignId: string, input: EventInput): Promise<void> => {
    if (!input.VictimAccountObjectId || !input.ChatThreadId) return;
    const observed = Date.parse(String(input.Details?.observedAt ?? ''));
    const at = Number.isFinite(observed) ? observed : clock();
    const detectedAt = clock();
    const result = await deps.store.addContact({
      campaignId,
      tenantId: deps.homeTenantId,
      senderTenantId: input.SenderTenantId ?? null,
      detectedAt,
      sender: senderOf(input),
      target: {
        aadObjectId: input.VictimAccountObjectId,
        ...(input.VictimUPN ? { upn: input.VictimUPN } : {}),
        chatThreadId: input.ChatThreadId,
        at,
      },
    });
    if (result.created) await gather(campaignId, senderOf(input), at - deps.windowMs, detectedAt);
    if (!result.created && !result.newTarget) return;
    const common = {
      Severity: 'High' as const,
      Source: SOURCE,
      SenderUPN: input.SenderUPN ?? null,
      SenderDisplayName: input.SenderDisplayName ?? null,
      SenderTenantId: input.SenderTenantId ?? null,
    };
    if (result.created) {
      // Read in full once, when it is new (gathering may have added the earlier contacts);
      // a later target only needs the count, as a campaign can reach thousands of people.
      const campaign = await deps.store.get(campaignId);
      if (!campaign) return;
      deps.log.info(
        { campaignId, senderTenantId: campaign.senderTenantId, targets: campaign.targets.length },
        'campaign detected',
      );
      await deps.events.emit({
        ...common,
        EventType: 'CampaignDetected',
        ChatThreadId: input.ChatThreadId,
        VictimAccountObjectId: input.VictimAccountObjectId,
        VictimUPN: input.VictimUPN ?? null,
        Details: {
          campaignId,
          usersReached: campaign.targets.length,
          domains: campaign.domains,
          chatThreadIds: campaign.targets.flatMap((target) => target.chatThreadIds),
          targetObjectIds: campaign.targets.map((target) => target.aadObjectId),
          firstContactAt: new Date(campaign.firstContactAt).toISOString(),
        },
      });
    } else {
      await deps.events.emit({
        ...common,
        EventType: 'CampaignUpdated',
        ChatThreadId: input.ChatThreadId,
        VictimAccountObjectId: input.VictimAccountObjectId,
        VictimUPN: input.VictimUPN ?? null,
        Details: { campaignId, change: 'target_added', usersReached: result.usersReached },
      });
    }
    await deps.card.changed(campaignId);
  };

  /** Records what an event of a campaign's chat says of its user, and updates the card. */
  const observe = async (input: EventInput): Promise<void> => {
    const campaignId = campaignIdOf(input);
    if (!campaignId) return;
    if (input.EventType === 'FirstContactDetected') {
      await contacted(campaignId, input);
      return;
    }
    const flag = FLAG_OF[input.EventType];
    if (!flag || !input.VictimAccountObjectId) return;
    if (await deps.store.mark(campaignId, input.VictimAccountObjectId, flag, clock()))
      await deps.card.changed(campaignId);
  };

  return {
    enrich,
    observe,
    reconcile,
    /**
     * The publisher everyone emits through: enriches, emits through `inner`, then updates
     * the campaign. A campaign failure is logged; the event has already gone out.
     */
    publisher: (inner: EventPublisher): EventPublisher => ({
      async emit(input) {
        let event = input;
        try {
          event = await enrich(input);
        } catch (err) {
          deps.log.error(
            { err, eventType: input.EventType },
            'campaign lookup failed: event emitted without it',
          );
        }
        const emitted = await inner.emit(event);
        try {
          await observe(event);
        } catch (err) {
          deps.log.error({ err, eventType: input.EventType }, 'campaign view not updated');
        }
        return emitted;
      },
    }),
  };
};

export type CampaignWatch = ReturnType<typeof createCampaignWatch>;
