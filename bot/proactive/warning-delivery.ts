import { firstContactWarningFor } from '../../cards/first-contact-warning';
import type { HelpdeskProfile } from '../../src/config/helpdesk-profile';
import type { Reason } from '../../src/detection';
import { translatorFor, type Translator } from '../../src/i18n/translations';
import type { DeliveryResult, WarningDelivery, WarningJob } from '../../src/signals/warning-delivery';
import type { AppInstaller } from './app-installer';
import type { ProactiveSender } from './proactive-sender';

/** A reason of a verdict in the reader's language; one without a Message (from before catalogues) as it came. */
export const reasonText = (t: Translator, reason: Pick<Reason, 'message' | 'text'>): string =>
  reason.text ? t.text(reason.text) : reason.message;

/** Turns a warning job into the warning card and sends it proactively, in the user's language. */
export const createWarningDelivery = (deps: {
  sender: ProactiveSender;
  profile: HelpdeskProfile;
  /** Present when Graph and TEAMS_APP_CATALOG_ID are configured. */
  installer?: AppInstaller;
  /** PUBLIC_BASE_URL: the card's picture is linked from there; without it, it travels in the card. */
  publicBaseUrl?: string;
}): WarningDelivery => ({
  async deliver(job: WarningJob): Promise<DeliveryResult> {
    const { signal } = job;
    const card = firstContactWarningFor(
      deps.profile,
      { ...signal, campaign: job.campaign },
      (t) => job.reasons.map((reason) => reasonText(t, reason)),
      { publicBaseUrl: deps.publicBaseUrl },
    );
    const user = { tenantId: signal.tenantId, aadObjectId: signal.recipient.aadObjectId };
    const summary = (locale: string | undefined) =>
      translatorFor(deps.profile, locale).t('warning.firstContact.summary', {
        sender: signal.sender.displayName,
        orgName: deps.profile.orgName,
      });
    const first = await deps.sender.sendCard(user, card, summary);
    if (first.ok || first.reason !== 'no_reference' || !deps.installer) return first;
    // Never installed: install the app for the user, then warn in the chat that creates.
    const installed = await deps.installer.install(user);
    if (!installed.ok) return { ok: false, reason: 'no_reference', detail: installed.detail, attempts: 0 };
    return deps.sender.sendCard(user, card, summary);
  },
});
