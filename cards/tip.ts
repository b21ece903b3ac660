import { Template } from 'adaptivecards-templating';
import type { AdaptiveCardJson } from './adaptive-card';
import template from './tip.json';

export interface TipCardData {
  /** 1-based position of this tip. */
  number: number;
  total: number;
  text: string;
}

/** One short lesson, with a button for the next one. */
export const tipCard = (data: TipCardData): AdaptiveCardJson =>
  new Template(template).expand({ $root: data }) as AdaptiveCardJson;
