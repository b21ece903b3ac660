import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  remoteToolStartKey,
  remoteToolStarts,
  warnedBefore,
  type RemoteToolStart,
} from '../../../../../src/hunting/rows/remote-tool-starts';
import type { RowSkip } from '../../../../../src/hunting/rows/row-values';
import type { ContactSender } from '../../../../../src/reports/first-contact-log';
import { MemoryFirstContactLog } from '../../../../../src/reports/memory-first-contact-log';
import { deepMerge, DUMMY_HOME_TENANT, DUMMY_USER_ID } from '../../../../support/activities';

type Row = Record<string, unknown>;

/** The rows of test/fixtures/hunting/remote-tools.response.json (a runHuntingQuery answer). */
const dummyRows = (): Row[] =>
  (
    JSON.parse(
      readFileSync(join(__dirname, '../../../../fixtures/hunting/remote-tools.response.json'), 'utf8'),
    ) as {
      results: Row[];
    }
  ).results;

const MINUTE = 60_000;
const STARTED = Date.parse('2026-11-27T22:04:12.7688641Z');
const CHAT = '19:3f2e1d0c-aaaa-bbbb-cccc-0123456789ab_8f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9@unq.gbl.spaces';
const SENDER: ContactSender = {
  displayName: 'Help Desk',
  upn: 'helpdesk@securityadminhelper.onmicrosoft.com',
  tenantId: 'e71e0000-dead-4bad-beef-000000000bad',
};

describe('remote tool starts', () => {
  it('read each start with its user, device, tool and time, IDs in lower case', () => {
    const [alice, bob] = remoteToolStarts(dummyRows());

    expect(alice).toEqual<RemoteToolStart>({
      userObjectId: DUMMY_USER_ID,
      userUpn: 'alice@contoso.com',
      deviceName: 'lt-alice-7f3.contoso.com',
      deviceId: 'a3f1c9e07b2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f',
      tool: 'QuickAssist.exe',
      commandLine: '"QuickAssist.exe"',
      startedAt: STARTED,
    });
    expect([bob?.userObjectId, bob?.userUpn, bob?.tool]).toEqual([
      '2b7c9d1e-3f4a-4b5c-8d6e-7f8091a2b3c4',
      'bob@contoso.com',
      'AnyDesk.exe',
    ]);
  });

  it('skip a start by an account with no Entra object ID (a service)', () => {
    const skips: RowSkip[] = [];

    expect(remoteToolStarts(dummyRows(), (skip) => skips.push(skip))).toHaveLength(2);
    expect(skips).toEqual([{ index: 2, reason: 'user_object_id_missing' }]);
  });

  it('give a start two rows show (overlapping windows) once', () => {
    const [row] = dummyRows();

    expect(
      remoteToolStarts([row, { ...row, InitiatingProcessAccountObjectId: DUMMY_USER_ID.toUpperCase() }]),
    ).toHaveLength(1);
  });

  it.each([
    ['no time', { Timestamp: null }, 'timestamp_invalid'],
    ['no file name', { FileName: '' }, 'file_name_missing'],
    ['no device', { DeviceName: '', DeviceId: null }, 'device_missing'],
  ])('skip a row with %s, and never throw', (_case, overrides, reason) => {
    const skips: RowSkip[] = [];

    const starts = remoteToolStarts([deepMerge(dummyRows()[0]!, overrides)], (skip) => skips.push(skip));

    expect(starts).toEqual([]);
    expect(skips).toEqual([{ index: 0, reason }]);
  });

  it('key a start by device, user, tool and time', () => {
    const [alice] = remoteToolStarts(dummyRows());

    expect(remoteToolStartKey(alice!)).toBe(
      `remote-tool:a3f1c9e07b2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f:${DUMMY_USER_ID}:quickassist.exe:${STARTED}`,
    );
  });
});

describe('warned before a remote tool start', () => {
  /** A log holding Alice's first contact `observedBefore` the start, with these warnings (minutes before it). */
  const logWith = async (
    warnings: Array<{ minutesBefore: number; delivered: boolean }>,
    chatThreadId = CHAT,
  ) => {
    const log = new MemoryFirstContactLog(() => STARTED);
    const observedAt = STARTED - 45 * MINUTE;
    await log.record({
      tenantId: DUMMY_HOME_TENANT,
      recipientId: DUMMY_USER_ID,
      recipientUpn: 'alice@contoso.com',
      chatThreadId,
      sender: SENDER,
      observedAt,
      verdict: 'warn',
      score: 0.93,
      reasons: ['helpdesk_name'],
    });
    for (const { minutesBefore, delivered } of warnings)
      await log.recordWarning(DUMMY_HOME_TENANT, DUMMY_USER_ID, chatThreadId, {
        at: STARTED - minutesBefore * MINUTE,
        delivered,
      });
    return log;
  };
  const start = { userObjectId: DUMMY_USER_ID, startedAt: STARTED };

  it('escalate a tool started 29 minutes after the warning reached the user', async () => {
    const log = await logWith([{ minutesBefore: 29, delivered: true }]);

    await expect(warnedBefore(start, log, DUMMY_HOME_TENANT)).resolves.toEqual({
      chatThreadId: CHAT,
      sender: SENDER,
      warnedAt: STARTED - 29 * MINUTE,
      observedAt: STARTED - 45 * MINUTE,
    });
  });

  it.each([
    ['31 minutes after the warning', [{ minutesBefore: 31, delivered: true }]],
    ['before the warning', [{ minutesBefore: -2, delivered: true }]],
    ['after a warning that was never delivered', [{ minutesBefore: 5, delivered: false }]],
  ])('not escalate a tool started %s', async (_case, warnings) => {
    const log = await logWith(warnings);

    await expect(warnedBefore(start, log, DUMMY_HOME_TENANT)).resolves.toBeUndefined();
  });

  it('count a warning exactly at the window edge, and honour a shorter window', async () => {
    const log = await logWith([{ minutesBefore: 30, delivered: true }]);

    await expect(warnedBefore(start, log, DUMMY_HOME_TENANT)).resolves.toMatchObject({ chatThreadId: CHAT });
    await expect(warnedBefore(start, log, DUMMY_HOME_TENANT, 10 * MINUTE)).resolves.toBeUndefined();
  });

  it('name the contact of the latest delivered warning when there are several', async () => {
    const log = await logWith([{ minutesBefore: 20, delivered: true }]);
    const other =
      '19:0a0b0c0d-1111-4222-8333-444455556666_8f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9@unq.gbl.spaces';
    await log.record({
      tenantId: DUMMY_HOME_TENANT,
      recipientId: DUMMY_USER_ID,
      chatThreadId: other,
      sender: { ...SENDER, displayName: 'Microsoft Security' },
      observedAt: STARTED - 10 * MINUTE,
      verdict: 'warn',
      score: 0.9,
      reasons: [],
    });
    await log.recordWarning(DUMMY_HOME_TENANT, DUMMY_USER_ID, other, {
      at: STARTED - 9 * MINUTE,
      delivered: true,
    });

    await expect(warnedBefore(start, log, DUMMY_HOME_TENANT)).resolves.toMatchObject({ chatThreadId: other });
  });

  it("ignore another user's warning", async () => {
    const log = await logWith([{ minutesBefore: 5, delivered: true }]);

    const bob = { userObjectId: '2b7c9d1e-3f4a-4b5c-8d6e-7f8091a2b3c4', startedAt: STARTED };

    await expect(warnedBefore(bob, log, DUMMY_HOME_TENANT)).resolves.toBeUndefined();
  });
});
