import { TurnContext, type Activity } from 'botbuilder';
import type { Deps } from '../../../../bot/deps';
import type { Notification } from '../../../../bot/proactive/notifications';
import { createProactiveSender, type ProactiveSender } from '../../../../bot/proactive/proactive-sender';
import { buildServices, type Services } from '../../../../bot/services';
import { DEFAULT_PROFILE, type HelpdeskProfile } from '../../../../src/config/helpdesk-profile';
import { loadConfig, type Env } from '../../../../src/config/load-config';
import type { ContactSender, FirstContactInput } from '../../../../src/reports/first-contact-log';
import type { StoredConversationReference, UserKey } from '../../../../src/store/ports';
import { createMemoryStores, type Stores } from '../../../../src/store/stores';
import {
  DUMMY_HOME_TENANT,
  DUMMY_OTHER_TENANT,
  DUMMY_USER_ID,
  dummyActivity,
} from '../../../support/activities';
import { fakeLog } from '../../../support/fake-log';
import { fakePublisher, type FakePublisher } from '../../../support/fake-publisher';
import { fakeTurn } from './handler-turn';

/** Alice, the user of the activity fixtures. */
export const DUMMY_ALICE: UserKey = { tenantId: DUMMY_HOME_TENANT, aadObjectId: DUMMY_USER_ID };
/** Bob, another employee of the home tenant. */
export const DUMMY_BOB_ID = 'b0b0b0b0-1c2d-4e3f-8a4b-5c6d7e8f9a0b';
/** Sam, on HELPDESK_STAFF_IDS in every handlerDeps(). */
export const DUMMY_STAFF_ID = '5a115a11-7e3d-4c2b-9a18-0f1e2d3c4b5a';
/** Ana, on SECURITY_TEAM_IDS in every handlerDeps(). */
export const DUMMY_ANALYST_ID = 'a4a15700-2b3c-4d5e-8f60-718293a4b5c6';
/** VERIFICATION_SECRET of every handlerDeps(): codes and the helpdesk phrase derive from it. */
export const DUMMY_SECRET = 'handler-tests-verification-secret-0123456789';

/** The chat of the invoke fixture: an external "IT Helpdesk" opened it with Alice. */
export const DUMMY_WARNED_CHAT =
  '19:3f2e1d0c-aaaa-bbbb-cccc-0123456789ab_8f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9@unq.gbl.spaces';
export const DUMMY_OTHER_CHAT = '19:9e8d7c6b-dddd-eeee-ffff-0123456789ab_8f1e2d3c@unq.gbl.spaces';
export const DUMMY_SENDER: ContactSender = {
  displayName: 'IT Helpdesk',
  upn: 'it.helpdesk@support-desk.onmicrosoft.com',
  tenantId: DUMMY_OTHER_TENANT,
};

export interface HandlerDepsOptions {
  /** Merged over the defaults (home tenant, staff, security team, secret). */
  env?: Env;
  profile?: HelpdeskProfile;
  /** Replaces slices of the built services, e.g. a sender that records instead of calling Teams. */
  overrides?: (services: Services) => Partial<Deps>;
}

export interface HandlerHarness {
  deps: Deps;
  stores: Stores;
  /** Every event emitted, built as the real pipeline builds them. */
  events: FakePublisher;
  /** The log lines written, parsed. */
  logs(): Array<Record<string, unknown>>;
  /** Takes (and acks) what was enqueued on the notification queue since the last call. */
  notifications(): Promise<Notification[]>;
}

/**
 * The real services (buildServices) over memory stores, as the bot builds them in local
 * mode: no Graph, no bot credentials. Only the event sink is a recorder.
 */
export const handlerDeps = (options: HandlerDepsOptions = {}): HandlerHarness => {
  const stores = createMemoryStores();
  const events = fakePublisher(DUMMY_HOME_TENANT);
  const log = fakeLog();
  const config = loadConfig({
    HOME_TENANT_ID: DUMMY_HOME_TENANT,
    HELPDESK_STAFF_IDS: DUMMY_STAFF_ID,
    SECURITY_TEAM_IDS: DUMMY_ANALYST_ID,
    VERIFICATION_SECRET: DUMMY_SECRET,
    ...options.env,
  });
  const services = buildServices(
    { config, profile: options.profile ?? DEFAULT_PROFILE, log: log.logger, events },
    stores,
  );
  const queue = stores.queue<Notification>('notifications');
  return {
    deps: { ...services, ...options.overrides?.(services) },
    stores,
    events,
    logs: () => log.lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    notifications: async () => {
      const messages = await queue.receive('handler-test', 100, 0);
      await Promise.all(messages.map((message) => queue.ack(message.id)));
      return messages.map((message) => message.body);
    },
  };
};

/** A first contact as the signal worker records it: `sender` opened `chatThreadId` with Alice an hour ago. */
export const dummyFirstContact = (overrides: Partial<FirstContactInput> = {}): FirstContactInput => ({
  tenantId: DUMMY_HOME_TENANT,
  recipientId: DUMMY_USER_ID,
  recipientUpn: 'alice@contoso.com',
  chatThreadId: DUMMY_WARNED_CHAT,
  sender: DUMMY_SENDER,
  observedAt: Date.now() - 60 * 60_000,
  verdict: 'warn',
  score: 0.93,
  reasons: ['display name impersonates the helpdesk'],
  ...overrides,
});

/**
 * Logs a first contact in the real first-contact log and, unless `warning` is 'none', a
 * warning about it (delivered or not). Only a delivered warning makes the chat trusted.
 */
export const logFirstContact = async (
  stores: Pick<Stores, 'firstContacts'>,
  overrides: Partial<FirstContactInput> = {},
  warning: 'delivered' | 'undelivered' | 'none' = 'delivered',
): Promise<FirstContactInput> => {
  const contact = dummyFirstContact(overrides);
  await stores.firstContacts.record(contact);
  if (warning !== 'none')
    await stores.firstContacts.recordWarning(contact.tenantId, contact.recipientId, contact.chatThreadId, {
      at: contact.observedAt + 5_000,
      delivered: warning === 'delivered',
    });
  return contact;
};

/** Stores `user`'s 1:1 conversation reference, as the bot does on install (from the message fixture). */
export const rememberUser = async (
  stores: Pick<Stores, 'conversations'>,
  user: UserKey = DUMMY_ALICE,
): Promise<StoredConversationReference> => {
  const reference = JSON.parse(
    JSON.stringify(TurnContext.getConversationReference(dummyActivity('message.personal.text'))),
  ) as StoredConversationReference;
  await stores.conversations.set(user, reference);
  return reference;
};

/** What a proactive send delivered: into which conversation, and the activity as sent. */
export interface ProactiveDelivery {
  reference: StoredConversationReference;
  activity: Partial<Activity>;
}

/**
 * The real proactive sender (pacing, retries, stored references) over the services'
 * stores, whose connector is a recording turn: continueConversationAsync runs the send in
 * a fake turn and appends what it sent to `delivered`. Pass it as the `sender` override.
 */
export const fakeProactiveSender = (
  services: Pick<Services, 'stores' | 'log'>,
  delivered: ProactiveDelivery[],
): ProactiveSender =>
  createProactiveSender({
    adapter: {
      continueConversationAsync: async (_botAppId, reference, logic) => {
        const turn = fakeTurn(
          TurnContext.applyConversationReference(
            { type: 'event', name: 'continueConversation' },
            reference,
            true,
          ),
        );
        await (logic as (context: TurnContext) => Promise<void>)(turn.context);
        // The sender hands over the stored reference (plain JSON) typed as the SDK's.
        const stored = JSON.parse(JSON.stringify(reference)) as StoredConversationReference;
        for (const activity of turn.sent) delivered.push({ reference: stored, activity });
      },
    } as Pick<Services['adapter'], 'continueConversationAsync'>,
    botAppId: '',
    conversations: services.stores.conversations,
    rateLimiter: services.stores.rateLimiter,
    tenantRatePerSecond: 50,
    log: services.log,
  });
