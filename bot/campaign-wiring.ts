/**
 * The campaign view's parts, wired over the store set: the watch that keeps campaigns up
 * to date from the events, the outbox to the card and the targets, the analysts' actions,
 * and the card worker. buildServices calls campaignWatch first (every other service emits
 * through its publisher), then campaignServices.
 */
import type { AdaptiveCardJson } from '../cards/adaptive-card';
import { campaignSecurityCard } from '../cards/campaign-security';
import {
  createCampaignActions,
  type CampaignActions,
  type CampaignOutbox,
  type ChatAccessRemover,
} from '../src/campaigns/campaign-actions';
import type { CampaignRecord } from '../src/campaigns/campaign-store';
import { createCampaignTracker, type CampaignTracker } from '../src/campaigns/campaign-tracker';
import { createCampaignWatch, type CampaignWatch } from '../src/campaigns/campaign-watch';
import type { HelpdeskProfile } from '../src/config/helpdesk-profile';
import type { AppConfig } from '../src/config/load-config';
import type { EventPublisher } from '../src/events/event-publisher';
import { createGraphClient } from '../src/graph';
import { securityTeamTranslator, type Translator } from '../src/i18n/translations';
import type { Logger } from '../src/log/logger';
import type { SecurityTeam } from '../src/reports/report-deps';
import type { WorkQueue } from '../src/store/ports';
import type { Stores } from '../src/store/stores';
import type { SenderLists } from '../src/verdicts';
import { createCampaignCards, createCampaignOutbox, type CampaignCards } from './proactive/campaign-cards';
import type { Notification } from './proactive/notifications';
import type { ProactiveSender } from './proactive/proactive-sender';
import type { SecurityChannel } from './proactive/security-channel';

/** What handlers and workers use of campaigns (Deps.campaigns). */
export interface CampaignServices {
  actions: CampaignActions;
  /** The campaign's security card as it stands, in the security team's language, to answer a tap with. */
  card(campaign: CampaignRecord): AdaptiveCardJson;
  /** What to set up before "Remove the chats" works, in `t`'s language (shown on the card and on a tap). */
  removeChatsSetup(t: Translator): string;
  /** A Graph client acting for the analyst with their token; undefined without sign-on (SSO_CONNECTION_NAME). */
  delegatedGraph?: (token: string) => ChatAccessRemover;
  /** The notification worker's handlers for the campaign kinds. */
  cards: CampaignCards;
  /** Queues the campaign's card updates (coalesced) and its messages to targets. */
  outbox: CampaignOutbox;
  /** Counts each sender's contacts and hands out campaign IDs (the first-contact worker's). */
  tracker: CampaignTracker;
}

/** Exactly what an administrator sets up so that analysts can remove chats from the card. */
export const removeChatsSetupText = (t: Translator, config: Pick<AppConfig, 'bot' | 'sso'>): string => {
  // Braces, not angle brackets: the card renders markdown, which drops <...>.
  const uri = `api://botid-${config.bot?.appId ?? '{MicrosoftAppId}'}`;
  const clients = t.list(['1fec8e78-bce4-4aaf-ab1b-5451cc387264', '5e3ce6c0-2b1f-4285-8d4b-75ee78787346']);
  const steps = [
    t.t('security.campaign.setup.intro'),
    t.t('security.campaign.setup.step1', { uri, clients }),
    t.t('security.campaign.setup.step2', { uri }),
    t.t('security.campaign.setup.step3'),
    t.t('security.campaign.setup.step4'),
  ];
  if (!config.bot) steps.push(t.t('security.campaign.setup.localMode'));
  return steps.join('\n');
};

/** The watch: built before the other services, which emit through its publisher. */
export const campaignWatch = (deps: {
  config: AppConfig;
  stores: Stores;
  events: EventPublisher;
  notifications: WorkQueue<Notification>;
  log: Logger;
}): { watch: CampaignWatch; outbox: ReturnType<typeof createCampaignOutbox>; tracker: CampaignTracker } => {
  const { config, stores } = deps;
  // The one tracker of the process: the first-contact worker counts contacts, the watch asks it.
  const tracker = createCampaignTracker(stores, config.campaign);
  const outbox = createCampaignOutbox({ queue: deps.notifications, dedupe: stores.dedupe, kv: stores.kv });
  const watch = createCampaignWatch({
    store: stores.campaigns,
    firstContacts: stores.firstContacts,
    reports: stores.reports,
    tracker,
    events: deps.events,
    card: outbox,
    homeTenantId: config.homeTenantId,
    windowMs: config.campaign.windowMinutes * 60_000,
    log: deps.log,
  });
  return { watch, outbox, tracker };
};

export const campaignServices = (deps: {
  config: AppConfig;
  profile: HelpdeskProfile;
  stores: Stores;
  events: EventPublisher;
  watch: CampaignWatch;
  outbox: ReturnType<typeof createCampaignOutbox>;
  tracker: CampaignTracker;
  securityTeam: SecurityTeam;
  senderLists: SenderLists;
  sender: ProactiveSender;
  securityChannel: SecurityChannel;
  log: Logger;
}): CampaignServices => {
  const { config, stores, log } = deps;
  const removeChatsSetup = (t: Translator): string => removeChatsSetupText(t, config);
  // The Token Service knows a connection by the bot's app ID: sign-on needs real credentials.
  const available = config.sso.connectionName !== undefined && config.bot !== undefined;
  const card = (campaign: CampaignRecord): AdaptiveCardJson => {
    // The card lives in the security channel: it speaks the security team's language.
    const t = securityTeamTranslator(deps.profile);
    return campaignSecurityCard(t, campaign, {
      canRemoveChats: available,
      removeChatsSetup: removeChatsSetup(t),
      now: Date.now(),
    });
  };
  return {
    actions: createCampaignActions({
      store: stores.campaigns,
      reports: stores.reports,
      events: deps.events,
      securityTeam: deps.securityTeam,
      senderLists: deps.senderLists,
      outbox: deps.outbox,
      dedupe: stores.dedupe,
      profile: deps.profile,
      log,
    }),
    card,
    removeChatsSetup,
    outbox: deps.outbox,
    tracker: deps.tracker,
    delegatedGraph: available
      ? (token) =>
          createGraphClient({ endpoint: config.graph.endpoint, tokens: { getToken: async () => token }, log })
      : undefined,
    cards: createCampaignCards({
      store: stores.campaigns,
      watch: deps.watch,
      outbox: deps.outbox,
      firstContacts: stores.firstContacts,
      sender: deps.sender,
      securityChannel: deps.securityChannel,
      dedupe: stores.dedupe,
      kv: stores.kv,
      profile: deps.profile,
      publicBaseUrl: config.publicBaseUrl,
      tenantId: config.homeTenantId,
      removeChats: { available, setup: removeChatsSetup },
      log,
    }),
  };
};
