import { Template } from 'adaptivecards-templating';
import type { HelpdeskProfile } from '../src/config/helpdesk-profile';
import type { IllustrationId } from '../src/education/illustrations';
import { translatorFor, type Translator } from '../src/i18n/translations';
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
  /** Sentences from detection, already in the reader's language (Translator.text of Reason.text). */
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
export const senderOrganisation = (t: Translator, upn: string | null, tenantId: string | null): string =>
  upn?.includes('@')
    ? upn.slice(upn.indexOf('@') + 1)
    : tenantId
      ? t.t('warning.firstContact.tenant', { tenantId })
      : t.t('warning.firstContact.unknownOrganisation');

/** The proactive warning in the user's 1:1 chat with the bot, in the translator's language. */
export const firstContactWarningCard = (t: Translator, data: FirstContactWarningData): AdaptiveCardJson =>
  compiled.expand({
    $root: {
      ...data,
      t: t.section('warning.firstContact.card', {
        orgName: data.orgName,
        helpdeskName: data.helpdeskName,
        organisation: data.senderOrganisation,
      }),
      senderUpn: data.senderUpn ?? t.t('warning.firstContact.upnUnknown'),
      // DATE()/TIME() want RFC 3339 in UTC without fractions, e.g. 2026-11-27T22:00:00Z.
      observedAt: new Date(data.observedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      campaignText: data.campaign
        ? t.t('warning.firstContact.campaign', { count: data.campaign.usersReached })
        : '',
      reportVerb: REPORT_CHAT_VERB,
      verifyVerb: VERIFY_CALLER_VERB,
      challengeVerb: CHALLENGE_CALLER_VERB,
      acknowledgeVerb: ACKNOWLEDGE_SENDER_VERB,
    },
  }) as AdaptiveCardJson;

/** The warning card with its picture when it fits (src/media/card-images.ts). */
export const firstContactWarningCardWithPicture = (
  t: Translator,
  profile: HelpdeskProfile,
  data: Omit<FirstContactWarningData, 'picture'>,
  options: FitOptions = {},
): AdaptiveCardJson =>
  fitCardImages(
    mediaLibraryFor(profile, t.language),
    WARNING_PICTURES,
    ([picture]) => firstContactWarningCard(t, { ...data, picture }),
    options,
  );

/** Who contacted the reader, in which chat and when: what every warning is about. */
export interface WarnedContact {
  sender: { displayName: string; upn: string | null; tenantId: string | null };
  chatThreadId: string;
  /** ISO 8601. */
  observedAt: string;
  campaign: { usersReached: number } | null;
}

/**
 * The warning of `contact` for a proactive send: built when it is sent, in the language of
 * the reader's own chat with the bot (ProactiveSender's ForLocale), with `reasonsIn` saying
 * why in that language.
 */
export const firstContactWarningFor =
  (
    profile: HelpdeskProfile,
    contact: WarnedContact,
    reasonsIn: (t: Translator) => string[],
    options: FitOptions = {},
  ) =>
  (locale: string | undefined): AdaptiveCardJson => {
    const t = translatorFor(profile, locale);
    return firstContactWarningCardWithPicture(
      t,
      profile,
      {
        senderDisplayName: contact.sender.displayName,
        senderUpn: contact.sender.upn,
        senderOrganisation: senderOrganisation(t, contact.sender.upn, contact.sender.tenantId),
        chatThreadId: contact.chatThreadId,
        observedAt: contact.observedAt,
        reasons: reasonsIn(t),
        orgName: profile.orgName,
        helpdeskName: profile.helpdeskName,
        campaign: contact.campaign,
      },
      options,
    );
  };
