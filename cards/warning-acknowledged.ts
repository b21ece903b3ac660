import { Template } from 'adaptivecards-templating';
import type { AdaptiveCardJson } from './adaptive-card';
import template from './warning-acknowledged.json';

export interface WarningAcknowledgedData {
  senderDisplayName: string;
  orgName: string;
  helpdeskName: string;
}

/** Replaces the warning after "I know this person". */
export const warningAcknowledgedCard = (data: WarningAcknowledgedData): AdaptiveCardJson =>
  new Template(template).expand({ $root: data }) as AdaptiveCardJson;
