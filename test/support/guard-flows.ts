/**
 * The people of the security tests and the flows they go through, over the real bot and a
 * fake Bot Connector (startBotWithConnector): a warning from a signed webhook signal, text
 * commands, card taps. Each person has a 1:1 chat of their own with the bot.
 */
import { DUMMY_ANALYST_ID, DUMMY_USER_ID, dummyActivity, type FixtureName } from './activities';
import type { BotHarness } from './bot-harness';
import type { ConnectorCall } from './fake-connector';
import { DUMMY_WEBHOOK_SECRET, dummySignal, signedHeaders } from './signals';
import { waitFor } from './wait-for';

export interface Person {
  aadObjectId: string;
  name: string;
  /** Their 1:1 chat with the bot. */
  conversationId: string;
}

const person = (aadObjectId: string, name: string, conversationId: string): Person => ({
  aadObjectId,
  name,
  conversationId,
});

/** The user of the fixtures, in the fixtures' own 1:1 chat. */
export const ALICE = person(
  DUMMY_USER_ID,
  'Alice Example',
  (dummyActivity('message.personal.text').conversation as { id: string }).id,
);
/** Another employee of the home tenant, on no list. */
export const BOB = person('b0b0b0b0-1c2d-4e3f-8a4b-5c6d7e8f9a0b', 'Bob Example', 'a:bob-1to1-chat');
/** On HELPDESK_STAFF_IDS where a test says so (the playground's Megan Bowen). */
export const STAFF = person('b8be024b-ad3a-4e18-a4a4-ec30328b3f86', 'Megan Bowen', 'a:staff-1to1-chat');
/** On SECURITY_TEAM_IDS where a test says so. */
export const ANALYST = person(DUMMY_ANALYST_ID, 'Isaiah Langer', 'a:analyst-1to1-chat');

/** Overrides that make `who` the sender of an activity in their own 1:1 chat. */
export const from = (who: Person): Record<string, unknown> => ({
  from: { id: `29:1${who.aadObjectId.replace(/-/g, '')}`, name: who.name, aadObjectId: who.aadObjectId },
  conversation: { id: who.conversationId },
});

export interface InvokeAnswer {
  statusCode: number;
  type: string;
  value: unknown;
}

/** The flows of one harness: what each person sends, and what comes back. */
export const guardFlows = ({ bot, connector }: BotHarness) => {
  /** `replace` is set as is (deep-merged, the fixture's card data would leak into the tap). */
  const send = async (
    fixture: FixtureName,
    who: Person,
    overrides: Record<string, unknown> = {},
    replace: Record<string, unknown> = {},
  ) => {
    const res = await bot.post('/api/messages', {
      ...dummyActivity(fixture, { serviceUrl: connector.serviceUrl, ...from(who), ...overrides }),
      ...replace,
    });
    if (res.status !== 200) throw new Error(`${fixture} from ${who.name} answered ${res.status}`);
    return res;
  };

  return {
    /** `who` installs the bot; resolves once the welcome card reached their chat. */
    install: async (who: Person): Promise<void> => {
      await send('installation-update.personal.add', who);
      await waitFor(`the welcome of ${who.name}`, () =>
        connector.accepted().some((call) => call.conversationId === who.conversationId),
      );
    },

    /** A SIEM signals an external "IT Helpdesk" chat with `who`; resolves with its thread ID once warned. */
    warn: async (who: Person = ALICE): Promise<string> => {
      const signal = dummySignal({ recipient: { aadObjectId: who.aadObjectId } });
      const raw = JSON.stringify(signal);
      const res = await bot.post('/api/signals/first-contact', raw, signedHeaders(raw, DUMMY_WEBHOOK_SECRET));
      if (res.status !== 202) throw new Error(`the signal answered ${res.status}`);
      await waitFor('the warning', () =>
        bot.events.find(
          (event) => event.EventType === 'WarningDelivered' && event.ChatThreadId === signal.chatThreadId,
        ),
      );
      return signal.chatThreadId as string;
    },

    /** `who` types `text`; resolves with the bot's reply in their chat. */
    say: async (who: Person, text: string): Promise<ConnectorCall> => {
      const before = connector.accepted().length;
      await send('message.personal.text', who, { text, attachments: [] });
      return waitFor(`the reply to ${who.name}`, () =>
        connector
          .accepted()
          .slice(before)
          .find((call) => call.conversationId === who.conversationId),
      );
    },

    /** `who` taps an Action.Execute button with `data`; resolves with the invoke answer. */
    tap: async (who: Person, verb: string, data: Record<string, unknown>): Promise<InvokeAnswer> => {
      const res = await send(
        'invoke.adaptive-card-action.personal',
        who,
        {},
        { value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } },
      );
      return (await res.json()) as InvokeAnswer;
    },
  };
};

/** The six digits on a card ("482 913" as the card shows them). */
export const codeOn = (call: ConnectorCall | InvokeAnswer): string => {
  const match = /"(\d{3}) (\d{3})"/.exec(JSON.stringify('body' in call ? call.body : call.value));
  if (!match) throw new Error('no code on the card');
  return `${match[1]}${match[2]}`;
};

/** Every text the bot put in a reply or an answer, cards included, as one string. */
export const textOf = (call: ConnectorCall | InvokeAnswer): string =>
  JSON.stringify('body' in call ? call.body : call.value);
