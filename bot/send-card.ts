import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { AdaptiveCardJson } from '../cards/adaptive-card';

/** Sends one Adaptive Card as a message in the current conversation. */
export const sendCard = async (
  context: TurnContext,
  card: AdaptiveCardJson,
  summary?: string,
): Promise<void> => {
  const message = MessageFactory.attachment(CardFactory.adaptiveCard(card));
  if (summary) message.summary = summary;
  await context.sendActivity(message);
};
