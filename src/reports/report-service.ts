import { randomUUID } from 'node:crypto';
import { recentContacts } from './recent-contacts';
import { reportChat } from './report-chat';
import type { ReportDeps, ReportServiceOptions } from './report-deps';
import type { ReportRecord } from './report-store';
import { securityView } from './security-view';
import { triageReport, type TriageLearning } from './triage-report';

/** The report operations, each a plain async function the handlers call. */
export interface ReportService {
  reportChat: ReturnType<typeof reportChat>;
  recentContacts: ReturnType<typeof recentContacts>;
  triage: ReturnType<typeof triageReport>;
  securityView: ReturnType<typeof securityView>;
  /**
   * Remembers the security card posted for a report and returns the report as stored now:
   * when it has more reporters than the card just posted shows, update the card once more
   * (a reporter may have been added while it was being posted).
   */
  setSecurityCardActivityId(reportId: string, activityId: string): Promise<ReportRecord | undefined>;
}

/**
 * Builds the report service from its ports. With `senderLists`, triage teaches the sender
 * lists (src/verdicts): malicious blocks the sender, its tenant and its domain; benign
 * allows the sender (and, when the analyst chooses, its organisation).
 */
export const createReportService = (options: ReportServiceOptions & TriageLearning): ReportService => {
  const deps: ReportDeps & TriageLearning = {
    reports: options.reports,
    firstContacts: options.firstContacts,
    events: options.events,
    securityTeam: options.securityTeam,
    ...(options.chatRemover === undefined ? {} : { chatRemover: options.chatRemover }),
    ...(options.chatMembers === undefined ? {} : { chatMembers: options.chatMembers }),
    clock: options.clock ?? Date.now,
    log: options.log,
    newReportId: options.newReportId ?? (() => `rpt-${randomUUID()}`),
    ...(options.senderLists === undefined ? {} : { senderLists: options.senderLists }),
  };
  return {
    reportChat: reportChat(deps),
    recentContacts: recentContacts(deps),
    triage: triageReport(deps),
    securityView: securityView(deps),
    setSecurityCardActivityId: (reportId, activityId) =>
      deps.reports.setSecurityCardActivityId(reportId, activityId),
  };
};
