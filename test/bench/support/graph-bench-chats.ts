/**
 * The organisation the bench's Graph notifications come from, computed the same way in
 * every process: the Graph stand-in serves chat i's members, the load notifies chat i.
 * One chat in EXTERNAL_EVERY (5 %) is a 1:1 chat of one home member, bench user
 * `i / EXTERNAL_EVERY`, with an account of another tenant whose name looks like a
 * helpdesk; the others are 1:1 chats of two home-tenant colleagues (some of them with the
 * real, internal service desk).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DUMMY_HOME_TENANT, DUMMY_OTHER_TENANT } from '../../support/activities';
import { benchUserId } from './bench-users';

/** Every EXTERNAL_EVERY-th chat has an external member: 5 %, spread evenly over the load. */
export const EXTERNAL_EVERY = 20;

/** Names of the kind the campaigns use (each scores `warn` with the default profile). */
const HELPDESK_NAMES = [
  'IT Helpdesk',
  'Microsoft Security Team',
  'IT Support Desk',
  'Service Desk',
  'Microsoft Support',
  'Contoso IT Service Desk',
];

/** A chat member as Graph's aadUserConversationMember gives one. */
export interface BenchChatMember {
  userId: string;
  tenantId: string;
  displayName: string;
  email: string;
}

export interface BenchChat {
  chatId: string;
  members: BenchChatMember[];
  /** For a chat with an external member: the index of the bench user who must be warned. */
  warned?: number;
}

const pad12 = (n: number): string => String(n).padStart(12, '0');

const homeMember = (userId: string, n: number): BenchChatMember => ({
  userId,
  tenantId: DUMMY_HOME_TENANT,
  displayName: `Employee ${n}`,
  email: `user${n}@contoso.com`,
});

/** Chat i of run `run`; see the module comment. */
export const benchChat = (run: number, i: number): BenchChat => {
  if (i % EXTERNAL_EVERY === 0) {
    const warned = i / EXTERNAL_EVERY;
    const sender: BenchChatMember = {
      userId: `e5f6a7b8-${String(run % 10_000).padStart(4, '0')}-4000-8000-${pad12(i)}`,
      tenantId: DUMMY_OTHER_TENANT,
      displayName: HELPDESK_NAMES[warned % HELPDESK_NAMES.length],
      email: `helpdesk.${i}@fabrikam-support.onmicrosoft.com`,
    };
    const home = homeMember(benchUserId(run, warned), warned);
    return { chatId: `19:${home.userId}_${sender.userId}@unq.gbl.spaces`, members: [home, sender], warned };
  }
  // Colleagues drawn from a 100,000-user directory, apart from the warned bench users' range.
  const a = 1_000 + ((2 * i) % 99_000);
  const b = 1_000 + ((2 * i + 1) % 99_000);
  const colleague = homeMember(benchUserId(run, b), b);
  if (i % EXTERNAL_EVERY === EXTERNAL_EVERY / 2) colleague.displayName = 'Contoso IT Service Desk';
  const first = homeMember(benchUserId(run, a), a);
  return { chatId: `19:${first.userId}_${colleague.userId}@unq.gbl.spaces`, members: [first, colleague] };
};

const FIXTURE = join(
  __dirname,
  '../../../../shared/fixtures/teams/graph-notification.chat-created.basic.json',
);
let fixtureItem: Record<string, unknown> | undefined;

/**
 * A POST body of basic `/chats` created notifications for these chats, each item shaped like
 * the shared fixture (what Graph sends for a tenant-wide `/chats` subscription).
 */
export const chatCreatedBody = (chatIds: string[], subscriptionId: string, clientState: string): string => {
  fixtureItem ??= (JSON.parse(readFileSync(FIXTURE, 'utf8')) as { value: Array<Record<string, unknown>> })
    .value[0];
  const item = fixtureItem;
  return JSON.stringify({
    value: chatIds.map((chatId) => ({
      ...item,
      subscriptionId,
      clientState,
      tenantId: DUMMY_HOME_TENANT,
      resource: `chats('${chatId}')`,
      resourceData: { id: chatId, '@odata.type': '#Microsoft.Graph.chat', '@odata.id': `chats('${chatId}')` },
    })),
  });
};
