import type { ErrorCode } from '../errors';
import type { Message } from '../i18n/translations';
import type { ContactSender } from './first-contact-log';
import type { ReportRecord } from './report-store';

/**
 * A refusal the handler turns into an error invoke response or a reply; `message` is safe to
 * show, in the reader's language.
 */
export interface ReportRefusal<R extends string> {
  ok: false;
  reason: R;
  errorCode: ErrorCode;
  message: Message;
}

/**
 * The outcome of a report tap or a typed `report <link>`. It carries nothing of other
 * people's reports (no sender they named, no reporter count, no triage): what the reporter
 * may be shown is `warnedSender`, from their own first-contact entry.
 */
export type ReportChatResult =
  | {
      ok: true;
      /** The chat's report, for the security card. */
      reportId: string;
      /** This call created the report: post a new security card. */
      created: boolean;
      /** The user had reported this chat before. */
      alreadyReportedByThisUser: boolean;
      /** The security team's view changed (a reporter added, or one now checked): update the card. */
      reportChanged: boolean;
      /** This reporter's report is checked, so they will hear the triage. */
      checked: boolean;
      /** The sender the bot warned this user about; undefined when the chat is not in their log. */
      warnedSender?: ContactSender;
    }
  | ReportRefusal<'unknown_chat' | 'invalid_link'>;

/** A message for one reporter, to send proactively to their 1:1 chat with the bot (in their language). */
export interface ReporterFeedback {
  user: { tenantId: string; aadObjectId: string };
  text: Message;
}

/**
 * A triage of a report that was already triaged: not an error, the card is just stale.
 * Refresh it from `report` (it shows the decision that stands) and show `message`.
 */
export interface AlreadyTriaged {
  ok: false;
  reason: 'already_triaged';
  message: Message;
  report: ReportRecord;
}

/** The outcome of a triage tap on the security card. */
export type TriageResult =
  | { ok: true; report: ReportRecord; feedback: ReporterFeedback[] }
  | ReportRefusal<'not_authorized' | 'not_found' | 'remove_unavailable'>
  | AlreadyTriaged;

/** One line of the typed `report` answer. */
export interface RecentContact {
  chatThreadId: string;
  sender: ContactSender;
  observedAt: number;
  verdict: 'warn' | 'none';
  /** This user already reported it: show "Reported" instead of the button. */
  reportedByUser: boolean;
}
