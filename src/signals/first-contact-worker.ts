import type { CampaignTracker } from '../campaigns';
import type { Detector, Reason } from '../detection';
import type { EventPublisher } from '../events/event-publisher';
import type { Severity } from '../events/schema';
import type { Logger } from '../log/logger';
import type { FirstContactLog } from '../reports/first-contact-log';
import type { DedupeStore, WorkQueue } from '../store/ports';
import {
  createQueueWorker,
  localIdentity,
  type WorkerIdentity,
  type WorkerPressure,
} from '../store/queue-worker';
import { applyListEntry, listedDetails, type SenderLists } from '../verdicts';
import { dedupeKey, type FirstContactSignal } from './first-contact-signal';
import type { WarningDelivery, WarningJob } from './warning-delivery';

/** How long a (chat, recipient) pair is remembered: a signal repeated later still warns once. */
export const DEDUPE_TTL_MS = 30 * 24 * 3600 * 1000;
/** A message handed out this often without success is parked, not retried forever. */
export const MAX_DELIVERIES = 5;

export interface FirstContactWorkerDeps {
  queue: WorkQueue<FirstContactSignal>;
  deadLetters: WorkQueue<{ signal: FirstContactSignal; reason: string; detail: string }>;
  dedupe: DedupeStore;
  firstContacts: FirstContactLog;
  detector: Detector;
  campaigns: CampaignTracker;
  delivery: WarningDelivery;
  events: EventPublisher;
  log: Logger;
  /**
   * Reasons to warn that are not in the name (src/signals/context-reasons.ts): a mail
   * flood just before, Teams' own impersonation verdict. None by default.
   */
  context?: (signal: FirstContactSignal) => Promise<Reason[]>;
  /**
   * The security team's lists (src/verdicts): a blocked sender, tenant or domain warns
   * High with `reported_by_security_team` first and joins the blocking report's campaign;
   * an allowed one is recorded, not warned. Not consulted when absent.
   */
  senderLists?: Pick<SenderLists, 'match'>;
  /** Jobs handled at once by this replica (warnings wait on rate limits and retries). */
  concurrency?: number;
  /** The HTTP intake's load (src/http/intake-pressure.ts): fewer jobs at once while it saturates the loop. */
  pressure?: WorkerPressure;
  /** This replica's consumer name and heartbeat (REPLICA_ID); the pid's otherwise. */
  identity?: WorkerIdentity;
  now?: () => number;
}

const severityOf = (warn: boolean, external: boolean, campaign: boolean): Severity => {
  if (warn) return 'High';
  if (campaign) return 'Medium';
  return external ? 'Low' : 'Informational';
};

/**
 * Takes first-contact signals off the queue: dedupe, decide, record the event, warn.
 * A signal is acked only once handled; if this replica dies, another takes it over and,
 * because the dedupe claim is owned by the message, resumes rather than skips it.
 */
/** Signals handled at once by one replica. */
export const DEFAULT_CONCURRENCY = 64;

export const createFirstContactWorker = (deps: FirstContactWorkerDeps) => {
  // A signal waits on about nine Redis round trips and little CPU, so the pool is wide: at
  // 16 a 30k burst drained at ~900 signals/s on two cores, at 64 at ~2,200/s (npm run bench).
  const concurrency = deps.concurrency ?? DEFAULT_CONCURRENCY;
  const identity = deps.identity ?? localIdentity();
  const now = deps.now ?? Date.now;

  const handle = async (signal: FirstContactSignal, owner: string): Promise<void> => {
    const key = dedupeKey(signal);
    if (!(await deps.dedupe.claim(key, DEDUPE_TTL_MS, owner))) {
      deps.log.info(
        { chatThreadId: signal.chatThreadId, source: signal.source },
        'first contact already handled',
      );
      return;
    }
    try {
      await decideAndWarn(signal);
    } catch (err) {
      // Let the redelivery start from scratch rather than find the pair "already handled".
      await deps.dedupe.release(key);
      throw err;
    }
  };

  /**
   * The name's verdict, turned into a warning by context reasons for an external sender,
   * then decided by the sender lists, whose reason comes first.
   */
  const judge = async (signal: FirstContactSignal) => {
    const scored = deps.detector.score(signal.sender);
    // Both are reads of their own: asked at once.
    const [context, listed] = await Promise.all([
      scored.external && deps.context ? deps.context(signal) : [],
      deps.senderLists?.match(signal.sender),
    ]);
    const withContext =
      context.length === 0
        ? scored
        : { ...scored, verdict: 'warn' as const, reasons: [...context, ...scored.reasons] };
    return { verdict: applyListEntry(withContext, listed), context, listed };
  };

  const decideAndWarn = async (signal: FirstContactSignal): Promise<void> => {
    const { verdict, context, listed } = await judge(signal);
    const tracked = verdict.external
      ? await deps.campaigns.record({
          senderTenantId: signal.sender.tenantId,
          senderUpn: signal.sender.upn,
          recipientId: signal.recipient.aadObjectId,
          at: Date.parse(signal.observedAt) || now(),
        })
      : { campaignId: null, usersReached: 1, severity: 'normal' as const };
    // A blocked sender joins the campaign of the report that blocked it, however long ago.
    const joined = listed?.list === 'block' ? listed.campaignId : undefined;
    const campaign = joined ? { ...tracked, campaignId: joined } : tracked;
    const warn = verdict.verdict === 'warn';
    const common = {
      Source: signal.source,
      ChatThreadId: signal.chatThreadId,
      VictimAccountObjectId: signal.recipient.aadObjectId,
      VictimUPN: signal.recipient.upn,
      SenderUPN: signal.sender.upn,
      SenderDisplayName: signal.sender.displayName,
      SenderTenantId: signal.sender.tenantId,
    };
    await deps.events.emit({
      ...common,
      EventType: 'FirstContactDetected',
      Severity: severityOf(warn, verdict.external, campaign.campaignId !== null),
      Details: {
        verdict: verdict.verdict,
        score: verdict.score,
        external: verdict.external,
        reasons: verdict.reasons.map((reason) => reason.code),
        imitates: verdict.imitates ?? null,
        observedAt: signal.observedAt,
        campaignId: campaign.campaignId,
        usersReached: campaign.usersReached,
        ...(context.length > 0 ? { context: context.map((reason) => reason.code) } : {}),
        ...(listed ? { senderList: listedDetails(listed) } : {}),
      },
    });
    const observedAt = Date.parse(signal.observedAt) || now();
    const where = [signal.tenantId, signal.recipient.aadObjectId, signal.chatThreadId] as const;
    // The log behind `report`, the security card and card-tap checks; first record wins.
    const created = await deps.firstContacts.record({
      tenantId: signal.tenantId,
      recipientId: signal.recipient.aadObjectId,
      ...(signal.recipient.upn ? { recipientUpn: signal.recipient.upn } : {}),
      chatThreadId: signal.chatThreadId,
      sender: signal.sender,
      observedAt,
      verdict: verdict.verdict,
      score: verdict.score,
      reasons: verdict.reasons.map((reason) => reason.code),
      ...(campaign.campaignId ? { campaignId: campaign.campaignId } : {}),
    });
    if (!warn) return;

    // An entry this signal did not create may hold a warning delivered before a crash (not
    // acked) or by an earlier signal of the same chat: then no second one.
    const entry = created ? undefined : await deps.firstContacts.get(...where);
    if (entry?.warnings.some((warning) => warning.delivered)) return;
    const job: WarningJob = {
      signal,
      score: verdict.score,
      reasons: verdict.reasons,
      imitates: verdict.imitates,
      // "Contacted N people" is the live count: joining a listed campaign alone says nothing of it.
      campaign:
        campaign.campaignId && tracked.campaignId
          ? { id: campaign.campaignId, usersReached: tracked.usersReached }
          : null,
    };
    const result = await deps.delivery.deliver(job);
    await deps.firstContacts.recordWarning(...where, { at: now(), delivered: result.ok });
    if (result.ok) {
      await deps.events.emit({
        ...common,
        EventType: 'WarningDelivered',
        Severity: 'High',
        Details: {
          latencyMs: now() - signal.receivedAt,
          attempts: result.attempts,
          campaignId: campaign.campaignId,
        },
      });
      return;
    }
    await deps.deadLetters.enqueue({ signal, reason: result.reason, detail: result.detail });
    await deps.events.emit({
      ...common,
      EventType: 'WarningFailed',
      Severity: 'High',
      Details: {
        reason: result.reason,
        detail: result.detail,
        status: result.status ?? null,
        attempts: result.attempts,
        campaignId: campaign.campaignId,
      },
    });
  };

  const worker = createQueueWorker({
    queue: deps.queue,
    ...identity,
    concurrency,
    pressure: deps.pressure,
    name: 'first-contact',
    log: deps.log,
    maxDeliveries: MAX_DELIVERIES,
    handle: async (message) => {
      await handle(message.body, message.id);
      return true;
    },
    onGiveUp: async (message, reason) => {
      await deps.deadLetters.enqueue({ signal: message.body, reason: 'processing_failed', detail: reason });
    },
  });

  return {
    /** Handles one signal now, without the queue (tests, the CLI). */
    handle,
    start: worker.start,
    /** Stops taking work; jobs still in flight after `graceMs` are handed back. */
    stop: worker.stop,
  };
};

export type FirstContactWorker = ReturnType<typeof createFirstContactWorker>;
