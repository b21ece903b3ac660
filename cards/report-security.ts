import { Template } from 'adaptivecards-templating';
import type { Translator } from '../src/i18n/translations';
import type { SecurityReportView } from '../src/reports/security-view';
import { organisationKeys } from '../src/verdicts/list-value';
import type { AdaptiveCardJson } from './adaptive-card';
import { reportSecurityCardData } from './report-security-data';
import template from './report-security.json';
import { REPORT_BENIGN_ORGANISATION_VERB } from './sender-list-verbs';

/** Parsed once: parsing the template's expressions costs ~30 ms, expanding it well under 1 ms. */
const compiled = new Template(template);

export { reportSecurityCardData, type ReportSecurityCardData } from './report-security-data';

/**
 * The analyst's choice for a benign verdict: offered when the sender has an organisation
 * the allowlist can name (a tenant or domain that is neither shared nor the home one).
 */
const canTrustOrganisation = ({ report }: SecurityReportView): boolean =>
  report.sender !== undefined && organisationKeys(report.sender, report.tenantId).length > 0;

/**
 * The security channel card of one report: sender, reporters (unchecked ones marked), thread ID, first seen,
 * warnings and verification attempts, the campaign, a hunting query, and while open the
 * triage actions (verbs in report-verbs.ts and, for "Benign — trust the whole
 * organisation", sender-list-verbs.ts; data `{ reportId }`); once triaged, the decision
 * with who and when, and no actions. Post it once per report and update it in place
 * (ReportRecord.securityCardActivityId). Say it in the security team's language
 * (`profile.securityTeamLanguage`): everyone in the channel reads the same card.
 */
export const reportSecurityCard = (t: Translator, view: SecurityReportView): AdaptiveCardJson => {
  const data = reportSecurityCardData(t, view);
  return compiled.expand({
    $root: {
      ...data,
      t: t.section('report.security.card', { senderName: data.senderName }),
      canTrustOrganisation: canTrustOrganisation(view),
      benignOrganisationVerb: REPORT_BENIGN_ORGANISATION_VERB,
    },
  }) as AdaptiveCardJson;
};
