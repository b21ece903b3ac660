/** An expanded Adaptive Card, ready to attach (application/vnd.microsoft.card.adaptive). */
export interface AdaptiveCardJson {
  type: 'AdaptiveCard';
  version: string;
  body?: unknown[];
  actions?: unknown[];
  refresh?: unknown;
  [key: string]: unknown;
}
