import { message } from '../i18n/translations';
import { isChatThreadId, parseTeamsChatLink } from './chat-link';
import { normId, type FirstContactEntry } from './first-contact-log';
import { emitAfterDecision, REPORTS_SOURCE, type ReportDeps } from './report-deps';
import type { ReportChatResult, ReportRefusal } from './report-results';
import { checkMembership, type CheckedBy } from './reporter-check';

/** Where a report came from: the warning card's button, or a typed `report <thread ID or chat link>`. */
export type ReportSource = 'warning-card' | 'typed' | 'link';

export interface ReportChatInput {
  tenantId: string;
  /** The tapping user, from the activity's `from.aadObjectId`, never from card data. */
  reporter: { aadObjectId: string; upn?: string; name?: string };
  /** For 'warning-card', the card's thread ID; for 'typed' and 'link', what the user typed. */
  chatThreadId: string;
  source: ReportSource;
}

const UNKNOWN_CHAT: ReportRefusal<'unknown_chat'> = {
  ok: false,
  reason: 'unknown_chat',
  errorCode: 'not_found',
  message: message('report.chat.unknownChat'),
};

const INVALID_LINK: ReportRefusal<'invalid_link'> = {
  ok: false,
  reason: 'invalid_link',
  errorCode: 'body_invalid',
  message: message('report.chat.invalidLink'),
};

/**
 * Reports a chat for the tapping user: one report per chat, each user listed once. A card
 * tap must name a chat the bot logged for THIS user (card data can be forged); a typed
 * report may name any chat, whose sender is then unknown until someone who was contacted
 * reports it too. The reporter is recorded as checked when the chat is in their own
 * first-contact log or, failing that, Graph lists them as a member (within
 * MEMBERSHIP_CHECK_BUDGET_MS); only checked reporters hear the triage. The answer tells the
 * user nothing the bot learnt from others. Emits ChatReported once per user and chat. A
 * card tap makes only store writes (its chat is always in the log), so it is answered well
 * within the 5 s invoke limit.
 */
export const reportChat =
  (
    deps: Pick<
      ReportDeps,
      'reports' | 'firstContacts' | 'chatMembers' | 'events' | 'log' | 'clock' | 'newReportId'
    >,
  ) =>
  async (input: ReportChatInput): Promise<ReportChatResult> => {
    const { tenantId, reporter, source } = input;
    const chatThreadId =
      source === 'warning-card'
        ? isChatThreadId(input.chatThreadId)
          ? input.chatThreadId
          : undefined
        : parseTeamsChatLink(input.chatThreadId);
    if (chatThreadId === undefined) {
      deps.log.warn(
        { tenantId, reporterObjectId: reporter.aadObjectId, source },
        'report refused: not a chat',
      );
      return source === 'warning-card' ? UNKNOWN_CHAT : INVALID_LINK;
    }
    const entry = await deps.firstContacts.get(tenantId, reporter.aadObjectId, chatThreadId);
    if (entry === undefined && source === 'warning-card') {
      deps.log.warn(
        { tenantId, reporterObjectId: reporter.aadObjectId, chatThreadId },
        'report refused: chat not in this user\u2019s first contacts',
      );
      return UNKNOWN_CHAT;
    }

    const checkedBy: CheckedBy | undefined =
      entry !== undefined
        ? 'first-contact'
        : (await checkMembership(deps, { tenantId, chatThreadId, reporterObjectId: reporter.aadObjectId }))
          ? 'graph'
          : undefined;
    const at = deps.clock();
    const { report, created, added, checkedNow } = await deps.reports.addReporter({
      tenantId,
      chatThreadId,
      newReportId: deps.newReportId(),
      reporter: {
        aadObjectId: normId(reporter.aadObjectId),
        ...(reporter.upn === undefined ? {} : { upn: reporter.upn }),
        ...(reporter.name === undefined ? {} : { name: reporter.name }),
        at,
        checked: checkedBy !== undefined,
      },
      ...(entry === undefined ? {} : fromEntry(entry)),
    });
    const listed = report.reporters.find((r) => r.aadObjectId === normId(reporter.aadObjectId));
    const checked = listed?.checked ?? checkedBy !== undefined;
    if (added || checkedNow) {
      deps.log.info(
        {
          tenantId,
          reporterObjectId: reporter.aadObjectId,
          chatThreadId,
          reportId: report.reportId,
          created,
          checked,
          checkedBy: checkedBy ?? null,
        },
        added ? 'chat reported' : 'chat reporter now checked',
      );
    }
    if (added) {
      await emitAfterDecision(deps, {
        EventType: 'ChatReported',
        Severity: entry?.verdict === 'warn' ? 'High' : 'Medium',
        Source: REPORTS_SOURCE,
        ChatThreadId: chatThreadId,
        VictimAccountObjectId: normId(reporter.aadObjectId),
        VictimUPN: reporter.upn ?? null,
        SenderUPN: report.sender?.upn ?? null,
        SenderDisplayName: report.sender?.displayName ?? null,
        SenderTenantId: report.sender?.tenantId ?? null,
        Details: {
          reportId: report.reportId,
          reporterCount: report.reporters.length,
          source,
          newReport: created,
          warned: entry?.verdict === 'warn',
          seenByBot: entry !== undefined,
          reporterChecked: checked,
          checkedBy: checkedBy ?? null,
          verificationAttempts: entry?.verificationAttempts.length ?? 0,
          verificationOutcomes: entry?.verificationAttempts.map((attempt) => attempt.outcome) ?? [],
          ...(report.campaignId === undefined ? {} : { campaignId: report.campaignId }),
        },
      });
    }
    return {
      ok: true,
      reportId: report.reportId,
      created,
      alreadyReportedByThisUser: !added,
      reportChanged: added || checkedNow,
      checked,
      ...(entry === undefined ? {} : { warnedSender: entry.sender }),
    };
  };

const fromEntry = (entry: FirstContactEntry) => ({
  sender: entry.sender,
  firstSeen: entry.observedAt,
  ...(entry.campaignId === undefined ? {} : { campaignId: entry.campaignId }),
});
