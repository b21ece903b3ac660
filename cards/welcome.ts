import { Template } from 'adaptivecards-templating';
import type { HelpdeskProfile } from '../src/config/helpdesk-profile';
import type { IllustrationId } from '../src/education/illustrations';
import { textIn } from '../src/i18n/localized-text';
import type { TextSection, Translator } from '../src/i18n/translations';
import { fitCardImages, type CardImage, type FitOptions } from '../src/media/card-images';
import { mediaLibraryFor } from '../src/media/media-library';
import type { AdaptiveCardJson } from './adaptive-card';
import { QUIZ_START_VERB } from './quiz-verbs';
import template from './welcome.json';

/** Parsed once: parsing the template's expressions costs ~30 ms, expanding it well under 1 ms. */
const compiled = new Template(template);

/** What the welcome card shows; strings are joined here so the template stays simple. */
export interface WelcomeCardData {
  /** The card's words in the reader's language (welcome.card). */
  t: TextSection;
  quizVerb: string;
  contactChannels: string[];
  displayNames: string;
  phoneNumbers: string;
  portal: string;
  /** Shown under "How to spot an external chat" when present. */
  chatHeadersImage?: CardImage;
  /** Shown under "Asked to open Quick Assist?" when present. */
  quickAssistImage?: CardImage;
}

/** The welcome card's pictures, the one to keep first when not all fit. */
export const WELCOME_PICTURES: readonly IllustrationId[] = ['chat-headers', 'quick-assist'];

export const welcomeCardData = (
  t: Translator,
  profile: HelpdeskProfile,
  images: Pick<WelcomeCardData, 'chatHeadersImage' | 'quickAssistImage'> = {},
): WelcomeCardData => ({
  t: t.section('welcome.card', {
    helpdeskName: profile.helpdeskName,
    internalDomains: t.list(
      profile.internalDomains.map((domain) => `@${domain}`),
      'disjunction',
    ),
  }),
  quizVerb: QUIZ_START_VERB,
  contactChannels: profile.contactChannels.map((channel) => textIn(channel, t.language)),
  displayNames: profile.displayNames.join(', '),
  phoneNumbers: profile.phoneNumbers.length > 0 ? profile.phoneNumbers.join(', ') : t.t('common.seeIntranet'),
  portal: profile.portalUrl ?? t.t('common.seeIntranet'),
  ...images,
});

/** The first thing a user sees on install, and the answer to `help`. */
export const welcomeCard = (data: WelcomeCardData): AdaptiveCardJson =>
  compiled.expand({ $root: data }) as AdaptiveCardJson;

/** The welcome card with its pictures, as many as fit the card (src/media/card-images.ts). */
export const welcomeCardWithPictures = (
  t: Translator,
  profile: HelpdeskProfile,
  options: FitOptions = {},
): AdaptiveCardJson =>
  fitCardImages(
    mediaLibraryFor(profile, t.language),
    WELCOME_PICTURES,
    ([chatHeadersImage, quickAssistImage]) =>
      welcomeCard(welcomeCardData(t, profile, { chatHeadersImage, quickAssistImage })),
    options,
  );
