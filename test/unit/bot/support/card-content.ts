import type { CardActionResult } from '../../../../bot/card-action';
import type { AdaptiveCardJson } from '../../../../cards/adaptive-card';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const walk = (value: unknown, visit: (node: Json) => void): void => {
  if (Array.isArray(value)) for (const item of value) walk(item, visit);
  else if (isObject(value)) {
    visit(value);
    for (const inner of Object.values(value)) walk(inner, visit);
  }
};

/** What a reader of the card sees, in order: every TextBlock's text and every fact as "title: value". */
export const cardTexts = (card: AdaptiveCardJson): string[] => {
  const texts: string[] = [];
  walk(card, (node) => {
    if (node.type === 'TextBlock' && typeof node.text === 'string') texts.push(node.text);
    if (typeof node.title === 'string' && typeof node.value === 'string' && node.type === undefined)
      texts.push(`${node.title}: ${node.value}`);
  });
  return texts;
};

/** An action of a card: what its button says, the verb it sends and its data. */
export interface CardAction {
  type: string;
  title?: string;
  verb?: string;
  data?: unknown;
}

/** Every action of the card (top level and nested), in order. */
export const cardActions = (card: AdaptiveCardJson): CardAction[] => {
  const actions: CardAction[] = [];
  walk(card, (node) => {
    if (typeof node.type === 'string' && node.type.startsWith('Action.'))
      actions.push({
        type: node.type,
        ...(typeof node.title === 'string' ? { title: node.title } : {}),
        ...(typeof node.verb === 'string' ? { verb: node.verb } : {}),
        ...(node.data === undefined ? {} : { data: node.data }),
      });
  });
  return actions;
};

/** The six digits a code card shows grouped ("482 913"), or undefined when it shows none. */
export const cardCode = (card: AdaptiveCardJson): string | undefined =>
  cardTexts(card)
    .map((text) => /^(\d{3}) (\d{3})$/.exec(text))
    .find((match) => match !== null)
    ?.slice(1, 3)
    .join('');

/** The card a card-action handler answered with; fails the test with the answer when it is not a card. */
export const cardOf = (result: CardActionResult): AdaptiveCardJson => {
  if (!('card' in result)) throw new Error(`expected a card, got ${JSON.stringify(result)}`);
  return result.card;
};
