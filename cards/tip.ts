import { Template } from 'adaptivecards-templating';
import type { AdaptiveCardJson } from './adaptive-card';
import template from './tip.json';

/** Parsed once: parsing the template's expressions costs ~30 ms, expanding it well under 1 ms. */
const compiled = new Template(template);

export interface TipCardData {
  /** 1-based position of this tip. */
  number: number;
  total: number;
  text: string;
}

/** One short lesson, with a button for the next one. */
export const tipCard = (data: TipCardData): AdaptiveCardJson =>
  compiled.expand({ $root: data }) as AdaptiveCardJson;
