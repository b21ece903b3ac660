import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FirstContactQueryName } from '../../../../../src/hunting/queries/hunting-query-specs';
import { firstContactsFromRows } from '../../../../../src/hunting/rows/first-contacts-from-rows';
import type { RowSkip } from '../../../../../src/hunting/rows/row-values';
import {
  deepMerge,
  DUMMY_HOME_TENANT,
  DUMMY_OTHER_TENANT,
  DUMMY_USER_ID,
} from '../../../../support/activities';

type Row = Record<string, unknown>;

/** The rows of test/fixtures/hunting/<name>.response.json (a runHuntingQuery answer). */
const dummyRows = (name: FirstContactQueryName): Row[] =>
  (
    JSON.parse(
      readFileSync(join(__dirname, `../../../../fixtures/hunting/${name}.response.json`), 'utf8'),
    ) as {
      results: Row[];
    }
  ).results;
const dummyRow = (name: FirstContactQueryName, index: number, overrides: Row = {}): Row =>
  deepMerge(dummyRows(name)[index]!, overrides);

const RECEIVED = Date.parse('2026-11-27T22:16:00Z');
const CHAT = '19:3f2e1d0c-aaaa-bbbb-cccc-0123456789ab_8f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9@unq.gbl.spaces';

const interpret = (query: FirstContactQueryName, rows: unknown[]) => {
  const skips: RowSkip[] = [];
  const contacts = firstContactsFromRows(query, rows, {
    homeTenantId: DUMMY_HOME_TENANT,
    trustedTenantIds: [DUMMY_OTHER_TENANT],
    receivedAt: RECEIVED,
    onSkip: (skip) => skips.push(skip),
  });
  return { contacts, skips };
};

describe('impersonation-detected rows', () => {
  it("turn Teams' verdict into a signal flagged as impersonation", () => {
    const { contacts } = interpret('impersonation-detected', [dummyRow('impersonation-detected', 0)]);

    expect(contacts).toEqual([
      {
        impersonation: true,
        signal: {
          tenantId: DUMMY_HOME_TENANT,
          chatThreadId: CHAT,
          observedAt: '2026-11-27T22:00:05.441Z',
          receivedAt: RECEIVED,
          source: 'defender',
          sender: {
            displayName: 'Help Desk',
            upn: 'helpdesk@securityadminhelper.onmicrosoft.com',
            tenantId: 'e71e0000-dead-4bad-beef-000000000bad',
          },
          recipient: { aadObjectId: DUMMY_USER_ID, upn: 'alice@contoso.com' },
          teamsImpersonation: true,
        },
      },
    ]);
  });

  it('skip a verdict that names no chat thread', () => {
    const { contacts, skips } = interpret('impersonation-detected', dummyRows('impersonation-detected'));

    expect(contacts).toHaveLength(1);
    expect(skips).toEqual([{ index: 1, reason: 'chat_thread_id_missing' }]);
  });

  it('ignore a flagged sender of a trusted tenant', () => {
    const row = dummyRow('impersonation-detected', 0, {
      RawEventData: { Sender: { OrganizationId: DUMMY_OTHER_TENANT } },
    });

    expect(interpret('impersonation-detected', [row]).skips).toEqual([{ index: 0, reason: 'not_external' }]);
  });

  it.each([
    [
      'RawEventData that is no object',
      { RawEventData: 'TeamsImpersonationDetected' },
      'raw_event_data_invalid',
    ],
    ['no recipient object ID', { AccountObjectId: '' }, 'recipient_object_id_missing'],
    [
      'a sender with neither name nor UPN',
      { RawEventData: { Sender: { DisplayName: ' ', UPN: 'not an address' } } },
      'sender_missing',
    ],
  ])('skip a verdict with %s', (_case, overrides, reason) => {
    const row = dummyRow('impersonation-detected', 0, overrides as Row);

    expect(interpret('impersonation-detected', [row]).skips).toEqual([{ index: 0, reason }]);
  });
});

describe('external-messages rows', () => {
  it('give a chat of several outsider messages one signal, at its first message', () => {
    const { contacts } = interpret('external-messages', dummyRows('external-messages'));

    expect(contacts.map((contact) => contact.signal)).toEqual([
      {
        tenantId: DUMMY_HOME_TENANT,
        chatThreadId: CHAT,
        observedAt: '2026-11-27T22:00:58.913Z',
        receivedAt: RECEIVED,
        source: 'defender',
        sender: {
          displayName: 'Help Desk',
          upn: 'helpdesk@securityadminhelper.onmicrosoft.com',
          tenantId: null,
        },
        recipient: { aadObjectId: DUMMY_USER_ID, upn: 'alice@contoso.com' },
      },
    ]);
  });

  it("skip the home user's own reply in the outsider's chat", () => {
    expect(interpret('external-messages', dummyRows('external-messages')).skips).toEqual([
      { index: 2, reason: 'home_sender' },
    ]);
  });

  it('take flags given as 1 and 0 like true and false', () => {
    const row = dummyRow('external-messages', 0, { IsExternalThread: 1, IsOwnedThread: 0 });

    expect(interpret('external-messages', [row]).contacts).toHaveLength(1);
  });

  it.each([
    ['owned by this organisation', { IsOwnedThread: true }],
    ['not external', { IsExternalThread: false }],
    ['with a flag of no known form', { IsOwnedThread: 'maybe' }],
  ])('ignore a message in a thread %s', (_case, overrides) => {
    const row = dummyRow('external-messages', 0, overrides as Row);

    expect(interpret('external-messages', [row]).skips).toEqual([{ index: 0, reason: 'not_external' }]);
  });

  it('leave out a recipient the directory does not know when it knows others', () => {
    const stranger = {
      RecipientSmtpAddress: 'x@partner.example',
      RecipientObjectId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    };
    const row = dummyRow('external-messages', 0);
    const withStranger = { ...row, RecipientDetails: [...(row.RecipientDetails as Row[]), stranger] };

    const { contacts } = interpret('external-messages', [withStranger]);

    expect(contacts.map((contact) => contact.signal.recipient.aadObjectId)).toEqual([DUMMY_USER_ID]);
  });

  it('count every recipient as home when the directory lookup found none', () => {
    const { contacts } = interpret('external-messages', [
      dummyRow('external-messages', 0, { DirectoryObjectIds: [] }),
    ]);

    expect(contacts.map((contact) => contact.signal.recipient.upn)).toEqual(['alice@contoso.com']);
  });

  it.each([
    ['a channel thread ID that is not one', { ThreadId: '19:general' }, 'chat_thread_id_invalid'],
    [
      'recipient details that are no list',
      { RecipientDetails: 'alice@contoso.com' },
      'recipient_details_invalid',
    ],
    [
      'no recipient with an object ID',
      { RecipientDetails: [{ RecipientSmtpAddress: 'alice@contoso.com' }] },
      'no_home_recipient',
    ],
    ['no sender', { SenderEmailAddress: '', SenderDisplayName: '' }, 'sender_missing'],
  ])('skip a message with %s', (_case, overrides, reason) => {
    const row = dummyRow('external-messages', 0, overrides as Row);

    expect(interpret('external-messages', [row]).skips).toEqual([{ index: 0, reason }]);
  });
});
