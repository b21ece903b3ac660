/**
 * Reports of suspicious chats: one per chat thread and tenant, however many users report
 * it, with the security team's decision once triaged.
 */
import type { ContactSender } from './first-contact-log';

/** A user who reported the chat. */
export interface Reporter {
  aadObjectId: string;
  upn?: string;
  name?: string;
  /** ms since the epoch. */
  at: number;
  /**
   * The report was checked: the chat is in this reporter's own first-contact log, or Graph
   * listed them as a member. Only checked reporters hear the triage. Absent on reporters
   * stored before the flag existed: see isCheckedReporter (reporter-check.ts).
   */
  checked?: boolean;
}

/** What the security team decided: 'remove' is malicious and the chat removed for the reporters. */
export type TriageDecision = 'malicious' | 'benign' | 'remove';
export type ReportStatus = 'open' | 'malicious' | 'benign';

/** A member of the security team, as the triage tap identified them. */
export interface Triager {
  aadObjectId: string;
  name: string;
}

export interface TriageRecord {
  by: Triager;
  at: number;
  decision: TriageDecision;
  /** For 'remove': true once the chat was removed for every reporter, false when some removal failed. */
  removedForUser?: boolean;
}

export interface ReportRecord {
  reportId: string;
  tenantId: string;
  chatThreadId: string;
  /** Unknown (undefined) for a chat reported by link that the bot never saw. */
  sender?: ContactSender;
  /** When the chat was first observed (epoch ms), where known. */
  firstSeen?: number;
  createdAt: number;
  /** Oldest first. */
  reporters: Reporter[];
  status: ReportStatus;
  triage?: TriageRecord;
  /** The security channel card of this report, to update it in place. */
  securityCardActivityId?: string;
  campaignId?: string;
}

/** A reporter being added; the report is created by the first. */
export interface AddReporterInput {
  tenantId: string;
  chatThreadId: string;
  /** The ID a new report gets; ignored when the chat already has a report. */
  newReportId: string;
  reporter: Reporter;
  /** What the reporter's first-contact entry knows; fills in a report that lacks it. */
  sender?: ContactSender;
  firstSeen?: number;
  campaignId?: string;
}

export interface AddReporterResult {
  report: ReportRecord;
  /** This call created the report. */
  created: boolean;
  /** This call added the reporter; false when they had already reported the chat. */
  added: boolean;
  /** This call marked a listed, unchecked reporter as checked (e.g. their warning came after their report). */
  checkedNow: boolean;
}

export type TriageStoreResult =
  | { ok: true; report: ReportRecord }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'already_triaged'; report: ReportRecord };

/** How long a report is kept after its last change; the event pipeline keeps the durable record. */
export const REPORT_RETENTION_MS = 180 * 24 * 60 * 60_000;

/**
 * The report store port. Memory serves one process; Redis serves any number of replicas.
 * Both pass test/integration/reports/report-store.contract.test.ts.
 */
export interface ReportStore {
  /**
   * Adds a reporter to the chat's report, creating the report if there is none. Atomic and
   * idempotent per reporter: simultaneous calls for one chat make one report, and one
   * reporter is listed once however often they tap. A report without sender details gets
   * them from the first caller that has them. A checked repeat marks a listed reporter
   * checked (also one stored without the flag); nothing ever marks a reporter unchecked.
   */
  addReporter(input: AddReporterInput): Promise<AddReporterResult>;
  get(reportId: string): Promise<ReportRecord | undefined>;
  findByThread(tenantId: string, chatThreadId: string): Promise<ReportRecord | undefined>;
  /**
   * Records the decision, only from 'open'. Atomic: of simultaneous triages exactly one
   * wins; the others get 'already_triaged' with the decision that stands. A decision is
   * final here: re-triage would send reporters contradicting messages, so a mistake is
   * corrected by the security team directly, and the event pipeline has the record.
   */
  triage(reportId: string, triage: TriageRecord): Promise<TriageStoreResult>;
  /** Records how a 'remove' decision's removals went; undefined when there is no such report. */
  recordRemoval(reportId: string, removedForUser: boolean): Promise<ReportRecord | undefined>;
  /** Remembers the security card; undefined when there is no such report. */
  setSecurityCardActivityId(reportId: string, activityId: string): Promise<ReportRecord | undefined>;
}

/** The status a decision leads to. */
export const statusOf = (decision: TriageDecision): ReportStatus =>
  decision === 'benign' ? 'benign' : 'malicious';
