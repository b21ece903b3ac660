import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  firstContactsFromRows,
  type FirstContactRowOptions,
} from '../../../../../src/hunting/rows/first-contacts-from-rows';
import type { RowSkip } from '../../../../../src/hunting/rows/row-values';
import {
  deepMerge,
  DUMMY_HOME_TENANT,
  DUMMY_OTHER_TENANT,
  DUMMY_USER_ID,
} from '../../../../support/activities';

type Row = Record<string, unknown>;

/** The rows of test/fixtures/hunting/chat-created.response.json (a runHuntingQuery answer). */
const dummyRows = (): Row[] =>
  (
    JSON.parse(
      readFileSync(join(__dirname, '../../../../fixtures/hunting/chat-created.response.json'), 'utf8'),
    ) as {
      results: Row[];
    }
  ).results;
const dummyRow = (index: number, overrides: Row = {}): Row => deepMerge(dummyRows()[index]!, overrides);

const RECEIVED = Date.parse('2026-11-27T22:16:00Z');
const ATTACKER_TENANT = 'e71e0000-dead-4bad-beef-000000000bad';
const CHAT = '19:3f2e1d0c-aaaa-bbbb-cccc-0123456789ab_8f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9@unq.gbl.spaces';

const interpret = (rows: unknown[], overrides: Partial<FirstContactRowOptions> = {}) => {
  const skips: RowSkip[] = [];
  const contacts = firstContactsFromRows('chat-created', rows, {
    homeTenantId: DUMMY_HOME_TENANT,
    trustedTenantIds: [DUMMY_OTHER_TENANT],
    receivedAt: RECEIVED,
    onSkip: (skip) => skips.push(skip),
    ...overrides,
  });
  return { contacts, skips };
};

describe('chat-created rows', () => {
  it('turn the shared cross-tenant ChatCreated record into one signal for the home member', () => {
    const { contacts, skips } = interpret([dummyRow(0)]);

    expect(skips).toEqual([]);
    expect(contacts).toEqual([
      {
        impersonation: false,
        signal: {
          tenantId: DUMMY_HOME_TENANT,
          chatThreadId: CHAT,
          observedAt: '2026-11-27T22:00:03.120Z',
          receivedAt: RECEIVED,
          source: 'defender',
          sender: {
            displayName: 'Help Desk',
            upn: 'helpdesk@securityadminhelper.onmicrosoft.com',
            tenantId: ATTACKER_TENANT,
          },
          recipient: { aadObjectId: DUMMY_USER_ID, upn: 'alice@contoso.com' },
        },
      },
    ]);
  });

  it('give a group chat one signal per home member, the sender of its stated external tenant', () => {
    const { contacts } = interpret([dummyRow(1)]);

    expect(contacts.map((contact) => contact.signal.recipient)).toEqual([
      { aadObjectId: '2b7c9d1e-3f4a-4b5c-8d6e-7f8091a2b3c4', upn: 'bob@contoso.com' },
      { aadObjectId: '6c1d2e3f-4a5b-4c6d-9e7f-8091a2b3c4d5', upn: 'carol@contoso.com' },
    ]);
    expect(contacts.map((contact) => contact.signal.sender)).toEqual([
      {
        displayName: 'IT Support Desk',
        upn: 'it.support@m365-servicedesk.onmicrosoft.com',
        tenantId: '5a1c0000-f00d-4bad-a11e-000000000c0d',
      },
      {
        displayName: 'IT Support Desk',
        upn: 'it.support@m365-servicedesk.onmicrosoft.com',
        tenantId: '5a1c0000-f00d-4bad-a11e-000000000c0d',
      },
    ]);
  });

  it('ignore a chat whose only other tenant is trusted', () => {
    const { contacts, skips } = interpret([dummyRow(2)]);

    expect(contacts).toEqual([]);
    expect(skips).toEqual([{ index: 0, reason: 'not_external' }]);
  });

  it('take the same partner chat as a first contact once the partner is not trusted', () => {
    const { contacts } = interpret([dummyRow(2)], { trustedTenantIds: [] });

    expect(contacts.map((contact) => contact.signal.sender.tenantId)).toEqual([DUMMY_OTHER_TENANT]);
  });

  it('ignore a chat whose members all state the home tenant', () => {
    const home = { OrganizationId: DUMMY_HOME_TENANT };
    const row = dummyRow(0, {
      ParticipatingTenantIds: [],
      Members: [
        { DisplayName: 'Help Desk', UPN: 'helpdesk@contoso.com', ...home },
        { DisplayName: 'Alice Example', UPN: 'alice@contoso.com', ...home },
      ],
    });

    expect(interpret([row]).skips).toEqual([{ index: 0, reason: 'not_external' }]);
  });

  it('skip a chat whose home members the directory cannot name, rather than guess', () => {
    const { contacts, skips } = interpret([{ ...dummyRow(0), MemberObjectIds: {} }]);

    expect(contacts).toEqual([]);
    expect(skips).toEqual([{ index: 0, reason: 'recipients_unresolved' }]);
  });

  it('read dynamic columns that come as JSON text', () => {
    const row = dummyRow(0);
    const asText = {
      ...row,
      Members: JSON.stringify(row.Members),
      MemberObjectIds: JSON.stringify(row.MemberObjectIds),
    };

    expect(interpret([asText]).contacts).toEqual(interpret([row]).contacts);
  });

  it('name the outsider who created the chat as its sender', () => {
    const members = [
      { DisplayName: 'Jordan Miles', UPN: 'jordan@securityadminhelper.onmicrosoft.com' },
      { DisplayName: 'Help Desk', UPN: 'helpdesk@securityadminhelper.onmicrosoft.com' },
      { DisplayName: 'Alice Example', UPN: 'alice@contoso.com' },
    ];

    const [contact] = interpret([dummyRow(0, { Members: members })]).contacts;

    expect(contact?.signal.sender.displayName).toBe('Help Desk');
  });

  it('give a chat two rows show once, at the earlier time', () => {
    const later = dummyRow(0, { Timestamp: '2026-11-27T22:05:00.0000000Z' });

    const { contacts } = interpret([later, dummyRow(0)]);

    expect(contacts.map((contact) => contact.signal.observedAt)).toEqual(['2026-11-27T22:00:03.120Z']);
  });

  it.each([
    ['a time that is no ISO date', { Timestamp: 'yesterday' }, 'timestamp_invalid'],
    ['a thread ID that is no chat', { ChatThreadId: 'not-a-thread' }, 'chat_thread_id_invalid'],
    ['members that are no list', { Members: 'Help Desk, Alice' }, 'members_invalid'],
    [
      'one member',
      { Members: [{ DisplayName: 'Alice Example', UPN: 'alice@contoso.com' }] },
      'members_invalid',
    ],
    [
      'a member with neither name nor UPN',
      { Members: [{ Role: 1 }, { UPN: 'alice@contoso.com' }] },
      'members_invalid',
    ],
  ])('skip a row with %s, and go on with the next', (_case, overrides, reason) => {
    const { contacts, skips } = interpret([dummyRow(0, overrides as Row), dummyRow(1)]);

    expect(skips).toEqual([{ index: 0, reason }]);
    expect(contacts).toHaveLength(2);
  });

  it.each([null, 'row', 42, []])('skip a row that is no object (%p)', (row) => {
    expect(interpret([row]).skips).toEqual([{ index: 0, reason: 'row_invalid' }]);
  });
});
