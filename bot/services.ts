/**
 * Step one of startBot: the services every handler and worker shares, built over the
 * store set. Nothing here listens or runs; workers.ts and routes.ts do.
 */
import { NUDGE_JOBS, nudgingPublisher, type NudgeJob } from '../src/education/nudges';
import { createEventPipeline, type EventPipeline } from '../src/events';
import type { GraphClient } from '../src/graph';
import { createMetrics } from '../src/http/metrics';
import { securityTeamTranslator } from '../src/i18n/translations';
import { createReportService } from '../src/reports/report-service';
import { createStaticSecurityTeam } from '../src/reports/security-team';
import { warnedContact } from '../src/reports/warned-contact';
import type { Stores } from '../src/store/stores';
import { createSenderLists } from '../src/verdicts';
import { createHelpdeskPhrase } from '../src/verification/helpdesk-phrase';
import { createUserDirectory } from '../src/verification/user-directory';
import { lockoutNoticeText } from '../src/verification/verification-results';
import { createVerificationService } from '../src/verification/verification-service';
import { createAdapter, type GuardAdapter } from './adapter';
import { campaignServices, campaignWatch } from './campaign-wiring';
import type { Deps } from './deps';
import { chatMembership, createGraph, staffDirectory } from './graph-wiring';
import type { Notification } from './proactive/notifications';
import { createProactiveSender } from './proactive/proactive-sender';
import { createSecurityChannel } from './proactive/security-channel';
import type { StartOptions } from './start-options';

/** The handlers' dependencies, and what only the wiring needs besides. */
export interface Services extends Deps {
  adapter: GuardAdapter;
  /** Undefined in local mode (no bot credentials) unless a test passes tokens. */
  graph?: GraphClient;
  /** The pipeline built from config.events; undefined when a test replaced it. */
  pipeline?: EventPipeline;
}

/** Events go to the configured sinks through the outbox, unless a test records them instead. */
const eventsOf = (options: StartOptions, stores: Stores, metrics: Deps['metrics']) => {
  if (options.events) return { events: options.events, pipeline: undefined };
  const pipeline = createEventPipeline({
    config: options.config.events,
    tenantId: options.config.homeTenantId,
    log: options.log,
    registry: metrics.registry,
    stores,
    consumer: options.config.replica.id,
  });
  return { events: pipeline, pipeline };
};

/** Builds every shared service; the order follows what each one needs. */
export const buildServices = (
  options: StartOptions,
  stores: Stores,
  metrics: Deps['metrics'] = createMetrics(),
): Services => {
  const { config, profile, log } = options;
  const { events: pipelineEvents, pipeline } = eventsOf(options, stores, metrics);
  const adapter = createAdapter(config, options.adapter);
  const graph = createGraph(config, log, options.graphTokens);
  const notifications = stores.queue<Notification>('notifications');
  // Everyone emits through the campaign watch: events of a campaign's chats get its ID and update its card.
  const { watch, outbox, tracker } = campaignWatch({
    config,
    stores,
    events: pipelineEvents,
    notifications,
    log,
  });
  // A delivered warning also schedules its nudge (src/education/nudges.ts).
  const events = nudgingPublisher(watch.publisher(pipelineEvents), {
    jobs: stores.scheduled<NudgeJob>(NUDGE_JOBS),
    delayMs: config.nudgeAfterHours * 3_600_000,
    tenantId: config.homeTenantId,
  });
  const { firstContacts } = stores;
  const sender = createProactiveSender({
    adapter,
    botAppId: config.bot?.appId ?? '',
    conversations: stores.conversations,
    rateLimiter: stores.rateLimiter,
    tenantRatePerSecond: config.tenantSendRate,
    log,
  });
  const securityTeam = createStaticSecurityTeam({
    ids: config.securityTeamIds,
    tenantId: config.homeTenantId,
  });
  const senderLists = createSenderLists({ store: stores.senderLists, events, log });
  const reports = createReportService({
    reports: stores.reports,
    firstContacts,
    events,
    securityTeam,
    senderLists,
    chatMembers: chatMembership(graph),
    log,
  });
  const verification = createVerificationService({
    store: stores.verification,
    events,
    secret: config.verificationSecret,
    staff: staffDirectory(config, graph),
    users: createUserDirectory({
      lookupUpn: async (_tenantId, upn) => {
        const user = await graph?.getUser(upn);
        return user && { aadObjectId: user.id, upn: user.userPrincipalName, displayName: user.displayName };
      },
    }),
    windows: stores.windows,
    log,
    wasWarned: async (tenantId, userId, chatThreadId) =>
      (await warnedContact(firstContacts, tenantId, userId, chatThreadId)) !== undefined,
    onLockedOut: async (notice) => {
      // Said in the security channel's language; the notice carries counts and IDs, never a code.
      const t = securityTeamTranslator(profile);
      await notifications.enqueue({ kind: 'channel-message', text: t.text(lockoutNoticeText(notice)) });
    },
  });
  const phrase = config.phrase.enabled
    ? createHelpdeskPhrase({
        secret: config.verificationSecret,
        rotationMs: config.phrase.rotationHours * 3_600_000,
      })
    : undefined;
  const securityChannel = createSecurityChannel({
    kv: stores.kv,
    channelId: config.securityChannelId,
    homeTenantId: config.homeTenantId,
    log,
  });
  const campaigns = campaignServices({
    config,
    profile,
    stores,
    events,
    watch,
    outbox,
    tracker,
    securityTeam,
    senderLists,
    sender,
    securityChannel,
    log,
  });
  return {
    config,
    log,
    metrics,
    stores,
    profile,
    events,
    pipeline,
    adapter,
    graph,
    verification,
    phrase,
    sender,
    firstContacts,
    remoteToolAlerts: stores.remoteToolAlerts,
    securityTeam,
    senderLists,
    reports,
    notifications,
    securityChannel,
    campaigns,
  };
};
