import { normId } from './first-contact-log';
import {
  REPORT_RETENTION_MS,
  statusOf,
  type AddReporterInput,
  type AddReporterResult,
  type ReportRecord,
  type ReportStore,
  type TriageRecord,
  type TriageStoreResult,
} from './report-store';

interface Stored {
  report: ReportRecord;
  expiresAt: number;
}

/**
 * Reports in memory. Serves ONE process only: reports are lost on restart and not shared
 * between replicas (set REDIS_URL for that). Every check-and-set runs without an await in
 * between, so on Node's single thread it is atomic.
 */
export class MemoryReportStore implements ReportStore {
  private readonly reports = new Map<string, Stored>();
  private readonly byThread = new Map<string, string>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly retentionMs = REPORT_RETENTION_MS,
  ) {}

  private threadKey(tenantId: string, chatThreadId: string): string {
    return `${normId(tenantId)}\n${chatThreadId}`;
  }

  private live(reportId: string): ReportRecord | undefined {
    const stored = this.reports.get(reportId);
    if (stored && stored.expiresAt <= this.now()) {
      this.reports.delete(reportId);
      this.byThread.delete(this.threadKey(stored.report.tenantId, stored.report.chatThreadId));
      return undefined;
    }
    return stored?.report;
  }

  /** Keeps a changed report for another retention period, as Redis does. */
  private touch(report: ReportRecord): ReportRecord {
    this.reports.set(report.reportId, { report, expiresAt: this.now() + this.retentionMs });
    return structuredClone(report);
  }

  async addReporter(input: AddReporterInput): Promise<AddReporterResult> {
    const threadKey = this.threadKey(input.tenantId, input.chatThreadId);
    const existingId = this.byThread.get(threadKey);
    let report = existingId === undefined ? undefined : this.live(existingId);
    const created = report === undefined;
    if (report === undefined) {
      report = {
        reportId: input.newReportId,
        tenantId: normId(input.tenantId),
        chatThreadId: input.chatThreadId,
        createdAt: input.reporter.at,
        reporters: [],
        status: 'open',
      };
      this.byThread.set(threadKey, report.reportId);
    }
    if (report.sender === undefined && input.sender !== undefined)
      report.sender = structuredClone(input.sender);
    if (report.firstSeen === undefined && input.firstSeen !== undefined) report.firstSeen = input.firstSeen;
    if (report.campaignId === undefined && input.campaignId !== undefined)
      report.campaignId = input.campaignId;
    const reporterId = normId(input.reporter.aadObjectId);
    const listed = report.reporters.find((r) => r.aadObjectId === reporterId);
    const checkedNow = listed !== undefined && listed.checked !== true && input.reporter.checked === true;
    if (listed === undefined) report.reporters.push({ ...input.reporter, aadObjectId: reporterId });
    else if (checkedNow) listed.checked = true;
    return { report: this.touch(report), created, added: listed === undefined, checkedNow };
  }

  async get(reportId: string): Promise<ReportRecord | undefined> {
    const report = this.live(reportId);
    return report && structuredClone(report);
  }

  async findByThread(tenantId: string, chatThreadId: string): Promise<ReportRecord | undefined> {
    const reportId = this.byThread.get(this.threadKey(tenantId, chatThreadId));
    return reportId === undefined ? undefined : this.get(reportId);
  }

  async triage(reportId: string, triage: TriageRecord): Promise<TriageStoreResult> {
    const report = this.live(reportId);
    if (!report) return { ok: false, reason: 'not_found' };
    if (report.status !== 'open')
      return { ok: false, reason: 'already_triaged', report: structuredClone(report) };
    report.status = statusOf(triage.decision);
    report.triage = structuredClone(triage);
    return { ok: true, report: this.touch(report) };
  }

  async recordRemoval(reportId: string, removedForUser: boolean): Promise<ReportRecord | undefined> {
    const report = this.live(reportId);
    if (!report?.triage) return report && structuredClone(report);
    report.triage.removedForUser = removedForUser;
    return this.touch(report);
  }

  async setSecurityCardActivityId(reportId: string, activityId: string): Promise<ReportRecord | undefined> {
    const report = this.live(reportId);
    if (!report) return undefined;
    report.securityCardActivityId = activityId;
    return this.touch(report);
  }
}
