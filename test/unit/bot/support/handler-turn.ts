import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import type { AdaptiveCardJson } from '../../../../cards/adaptive-card';
import { deepMerge, dummyActivity } from '../../../support/activities';

type Json = Record<string, unknown>;

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/** A real botbuilder TurnContext whose sends are recorded instead of delivered. */
export interface FakeTurn {
  context: TurnContext;
  /** Every activity the handler sent, as the context completed it (conversation, from, replyToId). */
  sent: Partial<Activity>[];
  /** The text of each sent message that has text. */
  texts(): string[];
  /** Each sent Adaptive Card, with its message's summary. */
  cards(): Array<{ card: AdaptiveCardJson; summary?: string }>;
}

/**
 * A turn over `activity` for calling a handler directly. The send hook records the
 * activities and answers with resource responses without calling next(), so nothing
 * reaches the adapter and nothing leaves the process.
 */
export const fakeTurn = (activity: Json | Partial<Activity>): FakeTurn => {
  const context = new TurnContext(new TestAdapter(), activity as Partial<Activity>);
  const sent: Partial<Activity>[] = [];
  context.onSendActivities(async (_context, activities) =>
    activities.map((outgoing) => {
      sent.push(structuredClone(outgoing));
      return { id: `sent-${sent.length}` };
    }),
  );
  return {
    context,
    sent,
    texts: () => sent.flatMap((activity) => (typeof activity.text === 'string' ? [activity.text] : [])),
    cards: () =>
      sent.flatMap((activity) =>
        (activity.attachments ?? [])
          .filter((attachment) => attachment.contentType === ADAPTIVE_CARD)
          .map((attachment) => ({
            card: attachment.content as AdaptiveCardJson,
            ...(activity.summary === undefined ? {} : { summary: activity.summary }),
          })),
      ),
  };
};

/** The personal-chat text message fixture, saying `text` (both in `text` and in its HTML attachment). */
export const dummyMessage = (text: string, overrides: Json = {}): Json =>
  deepMerge(
    dummyActivity('message.personal.text', {
      text,
      attachments: [{ contentType: 'text/html', content: `<p>${text}</p>` }],
    }),
    overrides,
  );

/**
 * The Action.Execute invoke fixture for `verb` with exactly `data` (the fixture's own data
 * is replaced, not merged, so no chat ID of the fixture leaks into another test's tap).
 */
export const dummyCardTap = (verb: string, data: Json, overrides: Json = {}): Json => ({
  ...dummyActivity('invoke.adaptive-card-action.personal', overrides),
  value: { action: { type: 'Action.Execute', id: verb, verb, data }, trigger: 'manual' },
});

/** Overrides that make another home-tenant user the sender of an activity. */
export const fromUser = (aadObjectId: string, name: string): Json => ({
  from: { id: `29:1${aadObjectId.replace(/-/g, '')}`, name, aadObjectId },
});

/** Overrides for an activity with no Entra user behind it (anonymous, or a malformed activity). */
export const fromNobody: Json = { from: { aadObjectId: undefined } };
