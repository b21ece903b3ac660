import { message, type MessageKey } from '../i18n/translations';
import { learnFromTriage, type BenignScope, type SenderLists } from '../verdicts';
import { normId } from './first-contact-log';
import { emitAfterDecision, REPORTS_SOURCE, type ReportDeps } from './report-deps';
import { feedbackMessage } from './report-feedback';
import type { AlreadyTriaged, ReportRefusal, TriageResult } from './report-results';
import type { Reporter, ReportRecord, TriageDecision, Triager } from './report-store';
import { isCheckedReporter } from './reporter-check';

export interface TriageInput {
  tenantId: string;
  /** From the card's data: checked against the store, never trusted. */
  reportId: string;
  /** The tapping user, from the activity's `from.aadObjectId`. */
  by: Triager;
  decision: TriageDecision;
  /**
   * For 'benign': trust the sender only (the default), or, the analyst's choice on the
   * card, the sender's whole organisation (tenant and domain) too.
   */
  benignScope?: BenignScope;
}

/** What the triage hook needs: the sender lists a decision teaches (src/verdicts). */
export interface TriageLearning {
  /** Absent: triage teaches nothing. */
  senderLists?: Pick<SenderLists, 'add'>;
}

const NOT_AUTHORIZED: ReportRefusal<'not_authorized'> = {
  ok: false,
  reason: 'not_authorized',
  errorCode: 'not_authorized',
  message: message('report.triage.notAuthorized'),
};

const NOT_FOUND: ReportRefusal<'not_found'> = {
  ok: false,
  reason: 'not_found',
  errorCode: 'not_found',
  message: message('report.triage.notFound'),
};

const REMOVE_UNAVAILABLE: ReportRefusal<'remove_unavailable'> = {
  ok: false,
  reason: 'remove_unavailable',
  errorCode: 'config_invalid',
  message: message('report.triage.removeUnavailable'),
};

const DECISION_WORDS: Record<TriageDecision, MessageKey> = {
  malicious: 'report.triage.decision.malicious',
  benign: 'report.triage.decision.benign',
  remove: 'report.triage.decision.remove',
};

/**
 * Triage by a security team member: "Confirm malicious", "Benign", or "Remove chat for
 * user" (malicious, and the chat removed for every checked reporter through Graph). Only
 * members may triage (a refusal changes nothing), the report must exist in the tapping
 * user's tenant, and the first decision stands. Emits ReportTriaged and returns the message
 * for each CHECKED reporter: an unchecked one (who typed the ID of a chat they may not be
 * in) would learn the verdict, the sender and their UPN, so they get nothing.
 */
export const triageReport =
  (
    deps: Pick<
      ReportDeps,
      'reports' | 'firstContacts' | 'events' | 'securityTeam' | 'chatRemover' | 'log' | 'clock'
    > &
      TriageLearning,
  ) =>
  async (input: TriageInput): Promise<TriageResult> => {
    const { tenantId, reportId, by, decision } = input;
    const benignScope = decision === 'benign' ? (input.benignScope ?? 'sender') : undefined;
    if (!(await deps.securityTeam.isMember(tenantId, by.aadObjectId))) {
      deps.log.warn(
        { tenantId, actorObjectId: by.aadObjectId, reportId, decision },
        'triage refused: not security team',
      );
      return NOT_AUTHORIZED;
    }
    const found = await deps.reports.get(reportId);
    // A report of another tenant is as unknown as a forged ID.
    if (found === undefined || found.tenantId !== normId(tenantId)) {
      deps.log.warn({ tenantId, actorObjectId: by.aadObjectId, reportId }, 'triage refused: unknown report');
      return NOT_FOUND;
    }
    if (found.status !== 'open') return alreadyTriaged(found);
    if (decision === 'remove' && deps.chatRemover === undefined) return REMOVE_UNAVAILABLE;

    const triager = { aadObjectId: normId(by.aadObjectId), name: by.name };
    const stored = await deps.reports.triage(reportId, { by: triager, at: deps.clock(), decision });
    if (!stored.ok) return stored.reason === 'not_found' ? NOT_FOUND : alreadyTriaged(stored.report);

    let report = stored.report;
    const checked = await checkedReporters(deps, report);
    const removed = new Set<string>();
    if (decision === 'remove' && deps.chatRemover !== undefined) {
      const remover = deps.chatRemover;
      const chat = report.chatThreadId;
      const results = await Promise.allSettled(
        checked.map((reporter) =>
          remover.removeAllAccessForUser(chat, reporter.aadObjectId, report.tenantId, triager),
        ),
      );
      results.forEach((result, i) => {
        const reporterObjectId = checked[i].aadObjectId;
        if (result.status === 'fulfilled') removed.add(reporterObjectId);
        else deps.log.error({ err: result.reason, reportId, reporterObjectId }, 'chat removal failed');
      });
      report = (await deps.reports.recordRemoval(reportId, removed.size === checked.length)) ?? report;
    }

    deps.log.info({ tenantId, reportId, triagerObjectId: triager.aadObjectId, decision }, 'report triaged');
    await emitAfterDecision(deps, {
      EventType: 'ReportTriaged',
      Severity: decision === 'benign' ? 'Informational' : 'High',
      Source: REPORTS_SOURCE,
      ChatThreadId: report.chatThreadId,
      SenderUPN: report.sender?.upn ?? null,
      SenderDisplayName: report.sender?.displayName ?? null,
      SenderTenantId: report.sender?.tenantId ?? null,
      Details: {
        reportId,
        decision,
        status: report.status,
        triagerObjectId: triager.aadObjectId,
        triagerName: triager.name,
        reporterCount: report.reporters.length,
        reporterObjectIds: report.reporters.map((reporter) => reporter.aadObjectId),
        uncheckedReporterObjectIds: report.reporters
          .filter((reporter) => !checked.includes(reporter))
          .map((reporter) => reporter.aadObjectId),
        ...(decision === 'remove'
          ? { removedFor: removed.size, removalFailures: checked.length - removed.size }
          : {}),
        ...(report.campaignId === undefined ? {} : { campaignId: report.campaignId }),
        ...(benignScope === undefined ? {} : { benignScope }),
      },
    });
    // The triage hook: later first contacts of this sender (or organisation) learn the verdict.
    if (deps.senderLists)
      await learnFromTriage(
        { lists: deps.senderLists, log: deps.log },
        {
          reportId,
          homeTenantId: report.tenantId,
          ...(report.sender === undefined ? {} : { sender: report.sender }),
          ...(report.campaignId === undefined ? {} : { campaignId: report.campaignId }),
          decision,
          ...(benignScope === undefined ? {} : { benignScope }),
          by: triager,
        },
      );
    return {
      ok: true,
      report,
      feedback: checked.map((reporter) => ({
        user: { tenantId: report.tenantId, aadObjectId: reporter.aadObjectId },
        text: feedbackMessage(decision, report.sender, removed.has(reporter.aadObjectId)),
      })),
    };
  };

/** The reporters whose report was checked (see isCheckedReporter), oldest first. */
const checkedReporters = async (
  deps: Pick<ReportDeps, 'firstContacts'>,
  report: ReportRecord,
): Promise<Reporter[]> => {
  const contacts = await Promise.all(
    report.reporters.map((reporter) =>
      reporter.checked === undefined
        ? deps.firstContacts.get(report.tenantId, reporter.aadObjectId, report.chatThreadId)
        : undefined,
    ),
  );
  return report.reporters.filter((reporter, i) => isCheckedReporter(reporter, contacts[i]));
};

const alreadyTriaged = (report: ReportRecord): AlreadyTriaged => {
  const triage = report.triage;
  // Without a triage record the status says which way it went (an open report never gets here).
  const decision = message(
    DECISION_WORDS[triage?.decision ?? (report.status === 'benign' ? 'benign' : 'malicious')],
  );
  return {
    ok: false,
    reason: 'already_triaged',
    message: triage
      ? message('report.triage.alreadyTriagedBy', {
          decision,
          name: triage.by.name,
          at: new Date(triage.at).toISOString(),
        })
      : message('report.triage.alreadyTriaged', { decision }),
    report,
  };
};
