import type { MessageKey, Translator } from '../src/i18n/translations';
import type { FirstContactEntry, SenderContact } from '../src/reports/first-contact-log';
import type { Reporter, ReportRecord, TriageDecision } from '../src/reports/report-store';
import type { SecurityReportView } from '../src/reports/security-view';
import { cardDateTime, plainText } from './report-format';
import { REPORT_BENIGN_VERB, REPORT_MALICIOUS_VERB, REPORT_REMOVE_VERB } from './report-verbs';

/** Reporters named on the card; the rest are counted, so 50 reporters stay well under 28 KB. */
const MAX_NAMED_REPORTERS = 25;
/** Lines of warnings and attempts shown. */
const MAX_ACTIVITY_LINES = 20;
/** Other contacts of the campaign shown. */
const MAX_CAMPAIGN_LINES = 10;

/** The template's data: every string already formatted, so the template only places it. */
export interface ReportSecurityCardData {
  reportId: string;
  senderName: string;
  senderUpn: string;
  senderTenant: string;
  chatThreadId: string;
  firstSeen: string;
  reportersText: string;
  /** Some reporters are unchecked: show uncheckedText. */
  hasUnchecked: boolean;
  uncheckedText: string;
  statusText: string;
  statusStyle: 'attention' | 'good' | 'warning';
  isOpen: boolean;
  canRemove: boolean;
  activity: Array<{ text: string }>;
  campaignText: string;
  campaign: Array<{ text: string }>;
  huntingQuery: string;
  verbs: { malicious: string; benign: string; remove: string };
}

const DECISIONS: Record<TriageDecision, MessageKey> = {
  malicious: 'report.security.data.decision.malicious',
  benign: 'report.security.data.decision.benign',
  remove: 'report.security.data.decision.remove',
};

/** The verification outcomes first-contact-log records; another one is shown as recorded. */
const OUTCOMES: Record<string, MessageKey> = {
  genuine: 'report.security.data.outcome.genuine',
  wrong: 'report.security.data.outcome.wrong',
  expired: 'report.security.data.outcome.expired',
  used: 'report.security.data.outcome.used',
  locked_out: 'report.security.data.outcome.lockedOut',
  other_user: 'report.security.data.outcome.otherUser',
};

const outcomeText = (t: Translator, outcome: string): string => {
  const key = Object.hasOwn(OUTCOMES, outcome) ? OUTCOMES[outcome] : undefined;
  return key ? t.t(key) : plainText(outcome);
};

const reporterLabel = (reporter: Reporter): string =>
  plainText(reporter.name ?? reporter.upn ?? reporter.aadObjectId);

/** A reporter on the card: name, and "(unchecked)" when their report was not checked. */
const reporterEntry =
  (t: Translator) =>
  ({ reporter, checked }: { reporter: Reporter; checked: boolean }): string =>
    checked
      ? reporterLabel(reporter)
      : t.t('report.security.data.uncheckedReporter', { name: reporterLabel(reporter) });

/** "A, B" or, past `shown`, "A, B and 3 more". */
const namesText = (t: Translator, names: string[], total: number): string => {
  const list = names.join(t.t('report.security.data.separator'));
  return total > names.length
    ? t.t('report.security.data.andMore', { list, count: total - names.length })
    : list;
};

const status = (
  t: Translator,
  report: ReportRecord,
): Pick<ReportSecurityCardData, 'statusText' | 'statusStyle'> => {
  const triage = report.triage;
  if (triage === undefined) {
    return { statusText: t.t('report.security.data.open'), statusStyle: 'warning' };
  }
  const removalFailed = triage.decision === 'remove' && triage.removedForUser === false;
  return {
    statusText: t.t(
      removalFailed ? 'report.security.data.decidedRemovalFailed' : 'report.security.data.decided',
      {
        decision: t.t(DECISIONS[triage.decision]),
        name: plainText(triage.by.name),
        at: cardDateTime(triage.at),
      },
    ),
    statusStyle: triage.decision === 'benign' ? 'good' : 'attention',
  };
};

const activityOf = (t: Translator, reporter: Reporter, contact: FirstContactEntry): string[] => {
  const name = reporterLabel(reporter);
  return [
    ...contact.warnings.map((warning) =>
      t.t(
        warning.delivered
          ? 'report.security.data.warningDelivered'
          : 'report.security.data.warningNotDelivered',
        {
          name,
          at: cardDateTime(warning.at),
        },
      ),
    ),
    ...contact.verificationAttempts.map((attempt) =>
      t.t('report.security.data.verification', {
        name,
        outcome: outcomeText(t, attempt.outcome),
        at: cardDateTime(attempt.at),
      }),
    ),
  ];
};

const campaignLine = (t: Translator, contact: SenderContact): string =>
  t.t('report.security.data.campaignLine', {
    recipient: plainText(contact.recipientUpn ?? contact.recipientId),
    at: cardDateTime(contact.observedAt),
    chatThreadId: contact.chatThreadId,
  });

const campaignTextOf = (t: Translator, report: ReportRecord, others: number): string => {
  if (others === 0) return t.t('report.security.data.campaignNone');
  return report.campaignId
    ? t.t('report.security.data.campaignChatsOf', { count: others, campaignId: report.campaignId })
    : t.t('report.security.data.campaignChats', { count: others });
};

/** Formats a SecurityReportView for the security card, in the security team's language. */
export const reportSecurityCardData = (t: Translator, view: SecurityReportView): ReportSecurityCardData => {
  const { report } = view;
  const reporters = view.reporters;
  const named = reporters.slice(0, MAX_NAMED_REPORTERS).map(reporterEntry(t));
  const unchecked = reporters.filter((entry) => !entry.checked).length;
  const activity = view.reporters.flatMap(({ reporter, contact }) =>
    contact ? activityOf(t, reporter, contact) : [],
  );
  const shownActivity = activity.slice(0, MAX_ACTIVITY_LINES);
  if (activity.length > shownActivity.length)
    shownActivity.push(
      t.t('report.security.data.moreLines', { count: activity.length - shownActivity.length }),
    );
  const others = view.campaignContacts;
  const unknown = t.t('report.security.data.unknown');
  return {
    reportId: report.reportId,
    senderName: plainText(report.sender?.displayName ?? t.t('report.security.data.unknownSender')),
    senderUpn: plainText(report.sender?.upn ?? unknown),
    senderTenant: report.sender?.tenantId ?? unknown,
    chatThreadId: report.chatThreadId,
    firstSeen:
      report.firstSeen === undefined ? t.t('report.security.data.notSeen') : cardDateTime(report.firstSeen),
    reportersText: t.t('report.security.data.reporters', {
      count: reporters.length,
      names: namesText(t, named, reporters.length),
    }),
    hasUnchecked: unchecked > 0,
    uncheckedText: unchecked === 0 ? '' : t.t('report.security.data.unchecked', { count: unchecked }),
    ...status(t, report),
    isOpen: report.status === 'open',
    canRemove: view.canRemove,
    activity: shownActivity.map((text) => ({ text })),
    campaignText: campaignTextOf(t, report, others.length),
    campaign: [
      ...others.slice(0, MAX_CAMPAIGN_LINES).map((contact) => ({ text: campaignLine(t, contact) })),
      ...(others.length > MAX_CAMPAIGN_LINES
        ? [{ text: t.t('report.security.data.moreLines', { count: others.length - MAX_CAMPAIGN_LINES }) }]
        : []),
    ],
    huntingQuery: view.huntingQuery,
    verbs: { malicious: REPORT_MALICIOUS_VERB, benign: REPORT_BENIGN_VERB, remove: REPORT_REMOVE_VERB },
  };
};
