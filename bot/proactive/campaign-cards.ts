/**
 * The campaign's one card in the security channel, and the campaign's messages to its
 * targets. Changes are coalesced: a change queues one update unless one is queued already,
 * and an update waits until CAMPAIGN_CARD_COALESCE_MS after the previous edit, so a burst
 * of fifty targets is a handful of edits. A lock per campaign (shared by every replica)
 * makes one replica post the card, once, and store its ID before anyone edits it.
 */
import { campaignSecurityCard, campaignSecurityCardSummary } from '../../cards/campaign-security';
import { firstContactWarningFor } from '../../cards/first-contact-warning';
import type { CampaignOutbox } from '../../src/campaigns/campaign-actions';
import type { CampaignStore } from '../../src/campaigns/campaign-store';
import type { CampaignWatch } from '../../src/campaigns/campaign-watch';
import type { HelpdeskProfile } from '../../src/config/helpdesk-profile';
import {
  securityTeamTranslator,
  translatorFor,
  type Message,
  type Translator,
} from '../../src/i18n/translations';
import type { Logger } from '../../src/log/logger';
import type { FirstContactLog } from '../../src/reports/first-contact-log';
import type { DedupeStore, KeyValueStore, UserKey, WorkQueue } from '../../src/store/ports';
import type { ProactiveSender } from './proactive-sender';
import type { SecurityChannel } from './security-channel';

/** Least time between two edits of one campaign's card. */
export const CAMPAIGN_CARD_COALESCE_MS = 2_000;
/** How long a queued update stands for every change after it (it lapses if its replica dies). */
const QUEUED_MS = 60_000;
/** One replica posts or edits a campaign's card at a time. */
const CARD_LOCK_MS = 30_000;
/** How long an update waits for another replica's edit of the same card to finish. */
const LOCK_WAIT_MS = 10_000;

export type CampaignNotification =
  /** Bring the campaign's card up to date, not before `notBefore` (ms). */
  | { kind: 'campaign-card'; campaignId: string; notBefore: number }
  /** The campaign re-warning to one target about their chat. */
  | { kind: 'campaign-rewarn'; campaignId: string; user: UserKey; chatThreadId: string };

const queuedKey = (campaignId: string): string => `campaign-card-queued:${campaignId}`;
const editedKey = (campaignId: string): string => `campaign-card-edited:${campaignId}`;
const lockKey = (campaignId: string): string => `campaign-card:${campaignId}`;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The outbox the campaign code writes to: everything goes on the notification queue. */
export const createCampaignOutbox = (deps: {
  queue: Pick<
    WorkQueue<CampaignNotification | { kind: 'user-message'; user: UserKey; text: Message }>,
    'enqueue'
  >;
  dedupe: DedupeStore;
  kv: KeyValueStore;
  clock?: () => number;
}): CampaignOutbox => {
  const clock = deps.clock ?? Date.now;
  return {
    async changed(campaignId) {
      // An update already queued will read the campaign after this change: nothing to add.
      if (!(await deps.dedupe.claim(queuedKey(campaignId), QUEUED_MS))) return;
      const edited = (await deps.kv.get<number>(editedKey(campaignId))) ?? 0;
      const notBefore = Math.max(clock(), edited + CAMPAIGN_CARD_COALESCE_MS);
      await deps.queue.enqueue({ kind: 'campaign-card', campaignId, notBefore });
    },
    async tell(user, text) {
      await deps.queue.enqueue({ kind: 'user-message', user, text });
    },
    async rewarn(campaignId, user, chatThreadId) {
      await deps.queue.enqueue({ kind: 'campaign-rewarn', campaignId, user, chatThreadId });
    },
  };
};

export interface CampaignCardDeps {
  store: CampaignStore;
  watch: Pick<CampaignWatch, 'reconcile'>;
  outbox: Pick<CampaignOutbox, 'changed'>;
  firstContacts: Pick<FirstContactLog, 'get'>;
  sender: ProactiveSender;
  securityChannel: SecurityChannel;
  dedupe: DedupeStore;
  kv: KeyValueStore;
  profile: HelpdeskProfile;
  /** PUBLIC_BASE_URL: the re-warning's picture is linked from there; without it, it travels in the card. */
  publicBaseUrl?: string;
  tenantId: string;
  /** Whether "Remove the chats" can work here (sign-on and Graph configured); else the card says what to set up, in `t`'s language. */
  removeChats: { available: boolean; setup: (t: Translator) => string };
  log: Logger;
  clock?: () => number;
}

/** The notification worker's handlers for the campaign kinds; each resolves true when done for good. */
export const createCampaignCards = (deps: CampaignCardDeps) => {
  const clock = deps.clock ?? Date.now;

  /** The card's lock, waiting a while for another replica's edit; false when it never came free. */
  const lock = async (campaignId: string): Promise<boolean> => {
    const deadline = clock() + LOCK_WAIT_MS;
    while (!(await deps.dedupe.claim(lockKey(campaignId), CARD_LOCK_MS))) {
      if (clock() >= deadline) return false;
      await sleep(100);
    }
    return true;
  };

  const cardOf = async (campaignId: string) => {
    const campaign = await deps.store.get(campaignId);
    if (!campaign) return undefined;
    // The card lives in the security channel: it speaks the security team's language.
    const t = securityTeamTranslator(deps.profile);
    const card = campaignSecurityCard(t, campaign, {
      canRemoveChats: deps.removeChats.available,
      removeChatsSetup: deps.removeChats.setup(t),
      now: clock(),
    });
    return { campaign, card, summary: campaignSecurityCardSummary(t, campaign) };
  };

  const update = async (campaignId: string, notBefore: number): Promise<boolean> => {
    // Coalesced with or without a channel: a burst of changes is one update per interval
    // (each change meanwhile finds it queued), not one job each.
    const wait = notBefore - clock();
    if (wait > 0) await sleep(Math.min(wait, CAMPAIGN_CARD_COALESCE_MS));
    const reference = await deps.securityChannel.reference();
    if (!reference) {
      // Said once an hour per campaign: a burst would otherwise say it for every change.
      if (await deps.dedupe.claim(`campaign-card-unposted:${campaignId}`, 3_600_000))
        deps.log.warn(
          { campaignId },
          'campaign card not posted: set SECURITY_CHANNEL_ID and install the bot in that team',
        );
      await deps.kv.set(editedKey(campaignId), clock(), 3_600_000);
      await deps.dedupe.release(queuedKey(campaignId));
      return true;
    }
    if (!(await lock(campaignId))) return false;
    try {
      // From here on a change queues a new update: this one may read the campaign before it.
      await deps.dedupe.release(queuedKey(campaignId));
      await deps.watch.reconcile(campaignId);
      const built = await cardOf(campaignId);
      if (!built) return true;
      const { campaign, card, summary } = built;
      if (campaign.securityCardActivityId) {
        const updated = await deps.sender.updateCard(
          reference,
          deps.tenantId,
          campaign.securityCardActivityId,
          card,
          summary,
        );
        await deps.kv.set(editedKey(campaignId), clock(), 3_600_000);
        return updated.ok || updated.reason !== 'retries_exhausted';
      }
      const posted = await deps.sender.postCard(reference, deps.tenantId, card, summary);
      if (!posted.ok || !posted.activityId) {
        deps.log.error(
          { campaignId, reason: posted.ok ? 'no activity id' : posted.reason },
          'could not post the campaign card',
        );
        return !posted.ok && posted.reason !== 'retries_exhausted';
      }
      await deps.store.setSecurityCardActivityId(campaignId, posted.activityId);
      await deps.kv.set(editedKey(campaignId), clock(), 3_600_000);
      deps.log.info({ campaignId, activityId: posted.activityId }, 'campaign card posted');
      return true;
    } finally {
      await deps.dedupe.release(lockKey(campaignId));
    }
  };

  /** The warning card again, for one target, saying how many colleagues the account reached. */
  const rewarn = async (
    notification: Extract<CampaignNotification, { kind: 'campaign-rewarn' }>,
  ): Promise<boolean> => {
    const { campaignId, user, chatThreadId } = notification;
    const [campaign, entry] = await Promise.all([
      deps.store.get(campaignId),
      deps.firstContacts.get(user.tenantId, user.aadObjectId, chatThreadId),
    ]);
    if (!campaign || !entry) return true;
    const colleagues = campaign.targets.length - 1;
    const card = firstContactWarningFor(
      deps.profile,
      {
        sender: entry.sender,
        chatThreadId,
        observedAt: new Date(entry.observedAt).toISOString(),
        campaign: { usersReached: campaign.targets.length },
      },
      (t) => [t.t('security.campaign.rewarn.reason', { count: colleagues })],
      { publicBaseUrl: deps.publicBaseUrl },
    );
    const summary = (locale: string | undefined) =>
      translatorFor(deps.profile, locale).t('security.campaign.rewarn.summary', {
        count: colleagues,
        name: entry.sender.displayName,
      });
    const outcome = await deps.sender.sendCard(user, card, summary);
    if (!outcome.ok) {
      deps.log.warn(
        { campaignId, reason: outcome.reason, aadObjectId: user.aadObjectId },
        'campaign re-warning not delivered',
      );
      return outcome.reason !== 'retries_exhausted';
    }
    if (await deps.store.mark(campaignId, user.aadObjectId, 'rewarned', clock()))
      await deps.outbox.changed(campaignId);
    return true;
  };

  return {
    handle: (notification: CampaignNotification): Promise<boolean> =>
      notification.kind === 'campaign-card'
        ? update(notification.campaignId, notification.notBefore)
        : rewarn(notification),
  };
};

export type CampaignCards = ReturnType<typeof createCampaignCards>;
