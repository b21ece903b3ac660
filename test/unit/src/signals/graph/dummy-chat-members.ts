import { createGraphClient } from '../../../../../src/graph';
import { silentLogger } from '../../../../../src/log/logger';
import {
  createGraphFirstContacts,
  type GraphFirstContactsOptions,
  type NotificationOutcome,
} from '../../../../../src/signals/graph';
import { DUMMY_HOME_TENANT, DUMMY_OTHER_TENANT, DUMMY_USER_ID } from '../../../../support/activities';
import { DUMMY_GRAPH_TOKEN, type FakeChatMember, type FakeGraph } from '../../../../support/fake-graph';

/** The members both notification suites put in their chats. */
export const dummyChatId = `19:3f2e1d0c-aaaa-bbbb-cccc-0123456789ab_${DUMMY_USER_ID}@unq.gbl.spaces`;
export const dummyTrustedTenant = 'a1b2c3d4-e5f6-4890-8234-567890abcdef';
export const dummyAlice: FakeChatMember = {
  userId: DUMMY_USER_ID,
  tenantId: DUMMY_HOME_TENANT,
  displayName: 'Alice',
};
export const dummyBob: FakeChatMember = {
  userId: '5b649834-7412-4cce-9e69-176e95a394f5',
  tenantId: DUMMY_HOME_TENANT,
  displayName: 'Bob',
};
export const dummyAttacker: FakeChatMember = {
  userId: '3f2e1d0c-aaaa-bbbb-cccc-0123456789ab',
  tenantId: DUMMY_OTHER_TENANT,
  displayName: 'IT Helpdesk',
};
export const dummyPartner: FakeChatMember = {
  userId: 'c0ffee00-1234-4abc-8def-0123456789ab',
  tenantId: dummyTrustedTenant,
  displayName: 'IT Helpdesk (Partner)',
};
export const receivedAt = Date.parse('2026-11-27T22:00:05Z');

/** A decrypted member as Graph's rich payloads have it: no name, no email. */
export const decryptedMember = (member: FakeChatMember, overrides: Record<string, unknown> = {}) => ({
  '@odata.type': '#microsoft.graph.aadUserConversationMember',
  id: Buffer.from(`0##${member.tenantId}##${dummyChatId}##${member.userId}`).toString('base64'),
  roles: ['Owner'],
  displayName: null,
  userId: member.userId,
  email: null,
  tenantId: member.tenantId,
  visibleHistoryStartDateTime: '1970-01-01T00:00:00Z',
  ...overrides,
});

/** The source under test over the real Graph client against `graph`, outcomes recorded. */
export const graphFirstContactsOn = (
  graph: FakeGraph,
  outcomes: NotificationOutcome[],
  overrides: Partial<GraphFirstContactsOptions> = {},
) =>
  createGraphFirstContacts({
    graph: createGraphClient({
      endpoint: graph.url,
      tokens: { getToken: async () => DUMMY_GRAPH_TOKEN },
      log: silentLogger(),
      backoff: { baseMs: 5, maxMs: 20, retryAfterMaxMs: 5_000 },
    }),
    homeTenantId: DUMMY_HOME_TENANT,
    trustedTenantIds: [dummyTrustedTenant],
    metrics: { notification: (outcome) => outcomes.push(outcome) },
    ...overrides,
  });
