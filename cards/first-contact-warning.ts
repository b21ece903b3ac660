import { Template } from 'adaptivecards-templating';
import type { HelpdeskProfile } from '../src/config/helpdesk-profile';
import type { IllustrationId } from '../src/education/illustrations';
import { fitCardImages, type CardImage, type FitOptions } from '../src/media/card-images';
import { mediaLibraryFor } from '../src/media/media-library';
import type { AdaptiveCardJson } from './adaptive-card';
import template from './first-contact-warning.json';
import { CHALLENGE_CALLER_VERB, REPORT_CHAT_VERB, VERIFY_CALLER_VERB } from './verification-verbs';

/** Parsed once: parsing the template's expressions costs ~30 ms, expanding it well under 1 ms. */
const compiled = new Template(template);

/** "I know this person": data `{ chatThreadId }`; emits UserAcknowledged. */
export const ACKNOWLEDGE_SENDER_VERB = 'sender.acknowledge';

export interface FirstContactWarningData {
  senderDisplayName: string;
  senderUpn: string | null;
  /** The sender's domain or tenant, whatever we know. */
  senderOrganisation: string;
  chatThreadId: string;
  /** ISO 8601; Teams shows it in the user's time zone. */
  observedAt: string;
  /** Plain sentences from detection. */
  reasons: string[];
  orgName: string;
  helpdeskName: string;
  campaign: { usersReached: number } | null;
  /** The real and the fake chat header side by side, when present. */
  picture?: CardImage;
}

/** The warning card's picture: what the attacker's chat looks like next to the real helpdesk's. */
export const WARNING_PICTURES: readonly IllustrationId[] = ['chat-headers'];

/** Where the sender comes from, as a person would name it: the UPN's domain, else the tenant. */
export const senderOrganisation = (upn: string | null, tenantId: string | null): string =>
  upn?.includes('@')
    ? upn.slice(upn.indexOf('@') + 1)
    : tenantId
      ? `tenant ${tenantId}`
      : 'unknown organisation';

/** The proactive warning in the user's 1:1 chat with the bot. */
export const firstContactWarningCard = (data: FirstContactWarningData): AdaptiveCardJson =>
  compiled.expand({
    $root: {
      ...data,
      senderUpn: data.senderUpn ?? 'not known',
      // DATE()/TIME() want RFC 3339 in UTC without fractions, e.g. 2026-11-27T22:00:00Z.
      observedAt: new Date(data.observedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      campaignText: data.campaign
        ? `The same sender has contacted ${data.campaign.usersReached} people here recently: this is a campaign.`
        : '',
      reportVerb: REPORT_CHAT_VERB,
      verifyVerb: VERIFY_CALLER_VERB,
      challengeVerb: CHALLENGE_CALLER_VERB,
      acknowledgeVerb: ACKNOWLEDGE_SENDER_VERB,
    },
  }) as AdaptiveCardJson;

/** The warning card with its picture when it fits (src/media/card-images.ts). */
export const firstContactWarningCardWithPicture = (
  profile: HelpdeskProfile,
  data: Omit<FirstContactWarningData, 'picture'>,
  options: FitOptions = {},
): AdaptiveCardJson =>
  fitCardImages(
    mediaLibraryFor(profile),
    WARNING_PICTURES,
    ([picture]) => firstContactWarningCard({ ...data, picture }),
    options,
  );
