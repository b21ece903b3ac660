import type { EventPublisher } from '../events/event-publisher';
import type { EventInput } from '../events/schema';
import type { Logger } from '../log/logger';
import type { FirstContactLog } from './first-contact-log';
import type { ReportStore, Triager } from './report-store';

/**
 * Who is in a chat: Graph `GET /chats/{id}/members` with the bot's app token (application
 * permission ChatMember.Read.All). False for a chat Graph does not know; throws when Graph
 * cannot answer (then the reporter stays unchecked).
 */
export interface ChatMembership {
  isMember(tenantId: string, chatThreadId: string, userAadObjectId: string): Promise<boolean>;
}

/** Who may triage reports (SECURITY_TEAM_IDS). */
export interface SecurityTeam {
  isMember(tenantId: string, aadObjectId: string): Promise<boolean>;
}

/**
 * Removes a chat for one user: Graph `POST /chats/{id}/removeAllAccessForUser` with body
 * `{ user: { id, tenantId } }`. Graph offers it with a DELEGATED permission only
 * (Chat.ReadWrite.All), so an implementation acts on behalf of the triaging analyst
 * (`onBehalfOf`), e.g. with an on-behalf-of token from Teams SSO.
 */
export interface ChatRemover {
  removeAllAccessForUser(
    chatThreadId: string,
    userAadObjectId: string,
    tenantId: string,
    onBehalfOf: Triager,
  ): Promise<void>;
}

/** The log methods reports use; pino's Logger fits. */
export type ReportLog = Pick<Logger, 'info' | 'warn' | 'error'>;

/** What the composition root hands to createReportService. */
export interface ReportServiceOptions {
  reports: ReportStore;
  firstContacts: FirstContactLog;
  events: EventPublisher;
  securityTeam: SecurityTeam;
  /** Absent: "Remove chat for user" is refused with how to enable it. */
  chatRemover?: ChatRemover;
  /** Graph's chat member list; absent: a report is checked only by the reporter's first-contact log. */
  chatMembers?: ChatMembership;
  clock?: () => number;
  log: ReportLog;
  /** Draws a new report ID; tests pass one to know it in advance. */
  newReportId?: () => string;
}

/** The resolved dependencies each operation takes a slice of. */
export interface ReportDeps {
  reports: ReportStore;
  firstContacts: FirstContactLog;
  events: EventPublisher;
  securityTeam: SecurityTeam;
  chatRemover?: ChatRemover;
  chatMembers?: ChatMembership;
  clock: () => number;
  log: ReportLog;
  newReportId: () => string;
}

/** The `Source` of every event emitted here. */
export const REPORTS_SOURCE = 'reports';

/**
 * Emits an event once the decision is stored. A failure to emit is logged, not thrown:
 * the report or triage already happened, and an error now would make the user tap again.
 */
export const emitAfterDecision = async (
  deps: Pick<ReportDeps, 'events' | 'log'>,
  input: EventInput,
): Promise<void> => {
  try {
    await deps.events.emit(input);
  } catch (err) {
    deps.log.error({ err, eventType: input.EventType }, 'report event could not be emitted');
  }
};
