import { Template } from 'adaptivecards-templating';
import type { HelpdeskProfile } from '../src/config/helpdesk-profile';
import { illustrationForTip } from '../src/education/illustrations';
import type { TipPosition } from '../src/education/next-tip';
import { lessonText, type Lesson } from '../src/education/tips';
import { translatorFor, type TextSection, type Translator } from '../src/i18n/translations';
import { fitCardImages, type CardImage, type FitOptions } from '../src/media/card-images';
import { mediaLibraryFor } from '../src/media/media-library';
import type { AdaptiveCardJson } from './adaptive-card';
import { TIP_NEXT_VERB } from './tip-verbs';
import template from './tip.json';

/** Parsed once: parsing the template's expressions costs ~30 ms, expanding it well under 1 ms. */
const compiled = new Template(template);

export interface TipCardData {
  /** "Tip 2 of 8" and the button, in the reader's language (welcome.tip). */
  t: TextSection;
  text: string;
  /** The "Next tip" button's Action.Execute verb (TIP_NEXT_VERB). */
  nextVerb: string;
  /** The picture that goes with this tip, when one does. */
  image?: CardImage;
}

/** One short lesson, with a button for the next one. */
export const tipCard = (data: TipCardData): AdaptiveCardJson =>
  compiled.expand({ $root: data }) as AdaptiveCardJson;

/**
 * The tip card in the reader's language, with the lesson's picture when one matches and fits
 * (src/education/illustrations; matched on the lesson's English text, the same in every language).
 */
export const tipCardWithPicture = (
  t: Translator,
  profile: HelpdeskProfile,
  position: TipPosition,
  lesson: Lesson,
  options: FitOptions = {},
): AdaptiveCardJson => {
  const picture = illustrationForTip(lessonText(lesson, translatorFor(profile, 'en')));
  const data = {
    t: t.section('welcome.tip', { ...position }),
    text: lessonText(lesson, t),
    nextVerb: TIP_NEXT_VERB,
  };
  return fitCardImages(
    mediaLibraryFor(profile, t.language),
    picture ? [picture] : [],
    ([image]) => tipCard({ ...data, image }),
    options,
  );
};
