/**
 * Defender advanced hunting, assembled: the poller runs the shipped queries and each
 * query's rows go where they act. First contacts join the intake queue every source feeds;
 * a remote tool started after a warning raises an alert (the user's urgent card, the
 * security channel's card, RemoteToolAfterWarning); a mail flood pre-warns the user
 * (MailBombingDetected) and makes the next first contacts warnings.
 */
import { randomUUID } from 'node:crypto';
import type { EventPublisher } from '../events/event-publisher';
import type { GraphClient } from '../graph/create-graph-client';
import type { Logger } from '../log/logger';
import type { FirstContactLog } from '../reports/first-contact-log';
import type { FirstContactSignal } from '../signals/first-contact-signal';
import type { DedupeStore, FencedStore, KeyValueStore, UserKey, WorkQueue } from '../store/ports';
import type { MailFloods } from './mail-floods';
import { createHuntingPoller, type HuntingPoller, type HuntingQuery } from './poller';
import type { HuntingQueryTexts } from './queries/load-hunting-queries';
import type { RemoteToolAlerts } from './remote-tool-alerts';
import { firstContactsFromRows } from './rows/first-contacts-from-rows';
import { mailFloods } from './rows/mail-flood-rows';
import {
  remoteToolStartKey,
  remoteToolStarts,
  warnedBefore,
  type RemoteToolStart,
} from './rows/remote-tool-starts';

/** What the hunting source asks the bot to deliver (bot/proactive/notifications.ts kinds). */
export type HuntingNotification =
  | { kind: 'remote-tool-user-card'; alertId: string }
  | { kind: 'remote-tool-security-card'; alertId: string }
  | { kind: 'mail-bombing-warning'; user: UserKey; messageCount: number; windowMinutes: number };

export interface HuntingSourceDeps {
  queries: HuntingQueryTexts;
  homeTenantId: string;
  trustedTenantIds: readonly string[];
  graph: Pick<GraphClient, 'runHuntingQuery'>;
  stores: {
    kv: KeyValueStore;
    fenced: FencedStore;
    dedupe: DedupeStore;
    firstContacts: FirstContactLog;
    remoteToolAlerts: RemoteToolAlerts;
    mailFloods: MailFloods;
  };
  signals: Pick<WorkQueue<FirstContactSignal>, 'enqueue'>;
  notifications: Pick<WorkQueue<HuntingNotification>, 'enqueue'>;
  events: EventPublisher;
  log: Logger;
  intervalMs?: number;
  ingestionDelayMs?: number;
  /** Messages in one bin that make a flood (the threshold the queries were loaded with). */
  mailFloodThreshold: number;
}

/** A tool start raises one alert however many overlapping windows return its row. */
const ALERT_CLAIM_MS = 30 * 24 * 3600_000;

/** "QuickAssist.exe" -> "Quick Assist": the name a user knows. */
const TOOL_NAMES: Record<string, string> = {
  'quickassist.exe': 'Quick Assist',
  'anydesk.exe': 'AnyDesk',
  'teamviewer.exe': 'TeamViewer',
};
const toolName = (processName: string): string =>
  TOOL_NAMES[processName.toLowerCase()] ?? processName.replace(/\.exe$/i, '');

export const createHuntingSource = (deps: HuntingSourceDeps): HuntingPoller => {
  const log = deps.log.child({ component: 'hunting' });
  const { stores, homeTenantId } = deps;
  const onSkip = (query: string) => (skip: { index: number; reason: string }) =>
    log.debug({ query, ...skip }, 'hunting row skipped');

  const firstContactsOf =
    (name: 'chat-created' | 'impersonation-detected' | 'external-messages') =>
    async (rows: Record<string, unknown>[]) => {
      const contacts = firstContactsFromRows(name, rows, {
        homeTenantId,
        trustedTenantIds: deps.trustedTenantIds,
        receivedAt: Date.now(),
        onSkip: onSkip(name),
      });
      for (const { signal } of contacts) await deps.signals.enqueue(signal);
      if (contacts.length > 0)
        log.info({ query: name, signals: contacts.length }, 'first contacts from Defender');
    };

  /** One alert per start, and only for a start that followed a delivered warning within 30 minutes. */
  const raiseAlert = async (start: RemoteToolStart): Promise<void> => {
    const warned = await warnedBefore(start, stores.firstContacts, homeTenantId);
    if (!warned) return;
    const claim = `remote-tool-alert:${remoteToolStartKey(start)}`;
    const alertId = randomUUID();
    if (!(await stores.dedupe.claim(claim, ALERT_CLAIM_MS))) return;
    try {
      const entry = await stores.firstContacts.get(homeTenantId, start.userObjectId, warned.chatThreadId);
      await stores.remoteToolAlerts.add({
        alertId,
        tenantId: homeTenantId,
        user: {
          aadObjectId: start.userObjectId,
          upn: start.userUpn ?? entry?.recipientUpn ?? null,
          displayName: null,
        },
        device: { id: start.deviceId, name: start.deviceName },
        tool: toolName(start.tool),
        processName: start.tool,
        startedAt: start.startedAt,
        warnedAt: warned.warnedAt,
        chatThreadId: warned.chatThreadId,
        sender: warned.sender,
        createdAt: Date.now(),
      });
      await deps.notifications.enqueue({ kind: 'remote-tool-user-card', alertId });
      await deps.notifications.enqueue({ kind: 'remote-tool-security-card', alertId });
      await deps.events.emit({
        EventType: 'RemoteToolAfterWarning',
        Severity: 'High',
        Source: 'defender',
        ChatThreadId: warned.chatThreadId,
        VictimAccountObjectId: start.userObjectId,
        VictimUPN: start.userUpn,
        SenderUPN: warned.sender.upn,
        SenderDisplayName: warned.sender.displayName,
        SenderTenantId: warned.sender.tenantId,
        Details: {
          alertId,
          tool: start.tool,
          deviceName: start.deviceName,
          deviceId: start.deviceId,
          startedAt: new Date(start.startedAt).toISOString(),
          warnedAt: new Date(warned.warnedAt).toISOString(),
          minutesAfterWarning: Math.round((start.startedAt - warned.warnedAt) / 60_000),
          ...(warned.campaignId ? { campaignId: warned.campaignId } : {}),
        },
      });
      log.warn(
        { alertId, tool: start.tool, chatThreadId: warned.chatThreadId },
        'remote tool after a warning',
      );
    } catch (err) {
      // The window is polled again (its watermark stays): let that run raise the alert.
      await stores.dedupe.release(claim);
      throw err;
    }
  };

  const remoteTools = async (rows: Record<string, unknown>[]) => {
    for (const start of remoteToolStarts(rows, onSkip('remote-tools'))) await raiseAlert(start);
  };

  const floods = async (rows: Record<string, unknown>[]) => {
    for (const flood of mailFloods(rows, {
      threshold: deps.mailFloodThreshold,
      onSkip: onSkip('mail-flood'),
    })) {
      const news = await stores.mailFloods.record(homeTenantId, flood.recipientObjectId, {
        at: flood.windowEnd,
        messages: flood.messages,
        defenderDetected: flood.defenderDetected,
      });
      if (!news) continue;
      const windowMinutes = Math.max(1, Math.round((flood.windowEnd - flood.windowStart) / 60_000));
      await deps.notifications.enqueue({
        kind: 'mail-bombing-warning',
        user: { tenantId: homeTenantId, aadObjectId: flood.recipientObjectId },
        messageCount: flood.messages,
        windowMinutes,
      });
      await deps.events.emit({
        EventType: 'MailBombingDetected',
        Severity: 'Medium',
        Source: 'defender',
        ChatThreadId: null,
        VictimAccountObjectId: flood.recipientObjectId,
        VictimUPN: flood.recipientUpn,
        SenderUPN: null,
        SenderDisplayName: null,
        SenderTenantId: null,
        Details: {
          messages: flood.messages,
          windowStart: new Date(flood.windowStart).toISOString(),
          windowEnd: new Date(flood.windowEnd).toISOString(),
          defenderDetected: flood.defenderDetected,
        },
      });
    }
  };

  const handlers: Record<keyof HuntingQueryTexts, HuntingQuery['handle']> = {
    'chat-created': firstContactsOf('chat-created'),
    'impersonation-detected': firstContactsOf('impersonation-detected'),
    'external-messages': firstContactsOf('external-messages'),
    'remote-tools': remoteTools,
    'mail-flood': floods,
  };
  return createHuntingPoller({
    graph: deps.graph,
    kv: stores.kv,
    fenced: stores.fenced,
    dedupe: stores.dedupe,
    queries: Object.values(deps.queries).map((query) => ({ ...query, handle: handlers[query.name] })),
    log,
    intervalMs: deps.intervalMs,
    ingestionDelayMs: deps.ingestionDelayMs,
  });
};
