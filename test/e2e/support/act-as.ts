import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { LOCAL_TENANT_ID } from '../../../src/config/load-config';
import { dummyActivity } from '../../support/activities';
import { FakeConnector } from '../../support/fake-connector';
import { REPLY_TIMEOUT_MS } from './chat';

/** A user of the playground's mock tenant, as .m365agentsplayground.yml lists them. */
export interface PlaygroundUser {
  /** The Teams user ID ("29:..."). */
  id: string;
  name: string;
  aadObjectId: string;
}

/** The current user: the one the page chats as. */
export const ADELE: PlaygroundUser = {
  id: '29:adele-vance',
  name: 'Adele Vance',
  aadObjectId: '414973bc-ef0d-4a2f-8e63-47bf06945218',
};

/** Helpdesk staff (HELPDESK_STAFF_IDS). */
export const MEGAN: PlaygroundUser = {
  id: '29:megan-bowen',
  name: 'Megan Bowen (IT Service Desk)',
  aadObjectId: 'b8be024b-ad3a-4e18-a4a4-ec30328b3f86',
};

/** The security team (SECURITY_TEAM_IDS). */
export const ISAIAH: PlaygroundUser = {
  id: '29:isaiah-langer',
  name: 'Isaiah Langer (Security Operations)',
  aadObjectId: 'f4489bcd-836b-4e0c-85b9-7f2213a127fe',
};

/** The bot as the playground config names it. */
const BOT = { id: '28:dffa0802-a792-4541-9028-3a7a08d8067b', name: 'Helpdesk Guard' };

/** What the bot answered one message: the activity it sent back to the chat. */
export type BotReply = Record<string, unknown>;

export interface PersonalChats {
  /**
   * Sends `text` as `user` in their own 1:1 chat with the bot, as Teams would, and resolves
   * with the bot's answer (a message or a card) once it reached that chat.
   */
  say(user: PlaygroundUser, text: string): Promise<BotReply>;
  stop(): Promise<void>;
}

/**
 * The personal chats of the playground's other users: the playground has one current user,
 * so their activities are posted to the bot directly, from a Bot Connector stand-in on
 * loopback that takes the bot's answers (local mode: no token is asked for).
 */
export const startPersonalChats = async (botUrl: string): Promise<PersonalChats> => {
  const connector = await new FakeConnector().start();
  return {
    say: async (user, text) => {
      const answered = connector.accepted().length;
      const now = new Date().toISOString();
      const activity = dummyActivity('message.personal.text', {
        // A fresh ID each time: Teams' retries of one activity are answered once.
        id: randomUUID(),
        timestamp: now,
        localTimestamp: now,
        serviceUrl: connector.serviceUrl,
        from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
        recipient: BOT,
        conversation: { id: `a:${user.id}-personal`, tenantId: LOCAL_TENANT_ID },
        channelData: { tenant: { id: LOCAL_TENANT_ID } },
        text,
        attachments: [{ contentType: 'text/html', content: `<p>${text}</p>` }],
      });
      const res = await fetch(`${botUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      if (res.status !== 200) throw new Error(`the bot answered ${user.name}'s message ${res.status}`);
      await connector.waitForActivities(answered + 1, REPLY_TIMEOUT_MS);
      return connector.accepted()[answered]!.body;
    },
    stop: () => connector.stop(),
  };
};

/** The Adaptive Card a reply carries, if any. */
export const cardOf = (reply: BotReply): Record<string, unknown> | undefined => {
  const attachments = reply.attachments as { contentType?: string; content?: unknown }[] | undefined;
  const card = attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  return card?.content as Record<string, unknown> | undefined;
};

/** The "482 913" a code card shows; the code is test data, never logged. */
export const codeOn = (card: Record<string, unknown> | undefined): string => {
  const code = /"(\d{3} \d{3})"/.exec(JSON.stringify(card ?? {}))?.[1];
  if (!code) throw new Error('the card shows no code');
  return code;
};

/**
 * Runs `tap` (a click in the page) with the card action it sends sent as `user` instead of
 * the current user: the playground takes the tapping user from the request and builds the
 * invoke from its config, so the bot gets that user's activity, and the page shows the card
 * the bot answers with, as Teams does for whoever taps.
 */
export const tapAs = async (page: Page, user: PlaygroundUser, tap: () => Promise<void>): Promise<void> => {
  const invoke = '**/_conversation/v1/invoke';
  await page.route(
    invoke,
    async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as { from?: { id?: string } };
      await route.continue({ postData: JSON.stringify({ ...body, from: { ...body.from, id: user.id } }) });
    },
    { times: 1 },
  );
  try {
    const answered = page.waitForResponse((res) => res.url().endsWith('/_conversation/v1/invoke'), {
      timeout: REPLY_TIMEOUT_MS,
    });
    await tap();
    const res = await answered;
    if (!res.ok()) throw new Error(`the playground answered ${user.name}'s tap ${res.status()}`);
  } finally {
    await page.unroute(invoke);
  }
};
