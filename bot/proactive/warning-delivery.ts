import { firstContactWarningCardWithPicture, senderOrganisation } from '../../cards/first-contact-warning';
import type { HelpdeskProfile } from '../../src/config/helpdesk-profile';
import type { DeliveryResult, WarningDelivery, WarningJob } from '../../src/signals/warning-delivery';
import type { AppInstaller } from './app-installer';
import type { ProactiveSender } from './proactive-sender';

/** Turns a warning job into the warning card and sends it proactively. */
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
    const card = firstContactWarningCardWithPicture(
      deps.profile,
      {
        senderDisplayName: signal.sender.displayName,
        senderUpn: signal.sender.upn,
        senderOrganisation: senderOrganisation(signal.sender.upn, signal.sender.tenantId),
        chatThreadId: signal.chatThreadId,
        observedAt: signal.observedAt,
        reasons: job.reasons.map((reason) => reason.message),
        orgName: deps.profile.orgName,
        helpdeskName: deps.profile.helpdeskName,
        campaign: job.campaign,
      },
      { publicBaseUrl: deps.publicBaseUrl },
    );
    const user = { tenantId: signal.tenantId, aadObjectId: signal.recipient.aadObjectId };
    const summary = `Warning: "${signal.sender.displayName}" from outside ${deps.profile.orgName} contacted you`;
    const first = await deps.sender.sendCard(user, card, summary);
    if (first.ok || first.reason !== 'no_reference' || !deps.installer) return first;
    // Never installed: install the app for the user, then warn in the chat that creates.
    const installed = await deps.installer.install(user);
    if (!installed.ok) return { ok: false, reason: 'no_reference', detail: installed.detail, attempts: 0 };
    return deps.sender.sendCard(user, card, summary);
  },
});
