import { AdaptiveCard, SerializationContext, ValidationEvent } from 'adaptivecards';

/**
 * Parses an expanded card with the Adaptive Cards SDK and returns the problems its
 * validation reports (unknown elements, bad properties), plus any template expression
 * that was left unexpanded.
 */
export const cardProblems = (card: object): string[] => {
  const problems: string[] = [];
  const json = JSON.stringify(card);
  if (json.includes('${')) problems.push('unexpanded template expression');
  const context = new SerializationContext();
  const parsed = new AdaptiveCard();
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i += 1) {
    const event = context.getEventAt(i);
    problems.push(`${ValidationEvent[event.event]}: ${event.message}`);
  }
  for (const event of parsed.validateProperties().validationEvents) {
    problems.push(`${ValidationEvent[event.event]}: ${event.message}`);
  }
  return problems;
};
