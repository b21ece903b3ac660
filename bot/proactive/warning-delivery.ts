import { firstContactWarningCard, senderOrganisation } from '../../cards/first-contact-warning';
import type { HelpdeskProfile } from '../../src/config/helpdesk-profile';
import type { DeliveryResult, WarningDelivery, WarningJob } from '../../src/signals/warning-delivery';
import type { ProactiveSender } from './proactive-sender';

/** Turns a warning job into the warning card and sends it proactively. */
export const createWarningDelivery = (deps: { sender: ProactiveSender; profile: HelpdeskProfile }): WarningDelivery => ({
  async deliver(job: WarningJob): Promise<DeliveryResult> {
    const { signal } = job;
    const card = firstContactWarningCard({
      senderDisplayName: signal.sender.displayName,
      senderUpn: signal.sender.upn,
      senderOrganisation: senderOrganisation(signal.sender.upn, signal.sender.tenantId),
      chatThreadId: signal.chatThreadId,
      observedAt: signal.observedAt,
      reasons: job.reasons.map((reason) => reason.message),
      orgName: deps.profile.orgName,
      helpdeskName: deps.profile.helpdeskName,
      campaign: job.campaign,
    });
    return deps.sender.sendCard(
      { tenantId: signal.tenantId, aadObjectId: signal.recipient.aadObjectId },
      card,
      `Warning: "${signal.sender.displayName}" from outside ${deps.profile.orgName} contacted you`,
    );
  },
});
