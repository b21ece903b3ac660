import { Template } from 'adaptivecards-templating';
import type { HelpdeskProfile } from '../src/config/helpdesk-profile';
import { illustrationForTip } from '../src/education/illustrations';
import { fitCardImages, type CardImage, type FitOptions } from '../src/media/card-images';
import { mediaLibraryFor } from '../src/media/media-library';
import type { AdaptiveCardJson } from './adaptive-card';
import template from './tip.json';

/** Parsed once: parsing the template's expressions costs ~30 ms, expanding it well under 1 ms. */
const compiled = new Template(template);

export interface TipCardData {
  /** 1-based position of this tip. */
  number: number;
  total: number;
  text: string;
  /** The picture that goes with this tip, when one does. */
  image?: CardImage;
}

/** One short lesson, with a button for the next one. */
export const tipCard = (data: TipCardData): AdaptiveCardJson =>
  compiled.expand({ $root: data }) as AdaptiveCardJson;

/** The tip card, with the tip's picture when one matches and fits (src/education/illustrations). */
export const tipCardWithPicture = (
  profile: HelpdeskProfile,
  data: TipCardData,
  options: FitOptions = {},
): AdaptiveCardJson => {
  const picture = illustrationForTip(data.text);
  return fitCardImages(
    mediaLibraryFor(profile),
    picture ? [picture] : [],
    ([image]) => tipCard({ ...data, image }),
    options,
  );
};
