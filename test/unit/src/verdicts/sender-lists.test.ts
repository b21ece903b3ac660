import { translatorFor } from '../../../../src/i18n/translations';
import { createSenderLists, MemorySenderListStore, type SenderListKey } from '../../../../src/verdicts';
import { fakeLog } from '../../../support/fake-log';
import { fakePublisher } from '../../../support/fake-publisher';
import {
  dummyAnalyst,
  dummyAttackerTenant,
  dummyAttackerUpn,
  dummyHomeTenant,
  dummyNow,
} from './dummy-entries';

const DAY = 24 * 60 * 60_000;
const sender = { kind: 'sender' as const, value: dummyAttackerUpn };
const tenant = { kind: 'tenant' as const, value: dummyAttackerTenant };
const attacker = { upn: dummyAttackerUpn, tenantId: dummyAttackerTenant };

const build = (capacity?: number) => {
  const clock = { now: dummyNow };
  const events = fakePublisher(dummyHomeTenant);
  const store = new MemorySenderListStore();
  const lists = createSenderLists({
    store,
    events,
    log: fakeLog().logger,
    clock: () => clock.now,
    ...(capacity === undefined ? {} : { capacity }),
  });
  const changes = () => events.ofType('SenderListChanged').map((event) => event.Details);
  return { lists, clock, events, store, changes };
};

const block = (key: SenderListKey, extra = {}) => ({
  list: 'block' as const,
  key,
  reason: 'phishing',
  by: dummyAnalyst,
  ...extra,
});

describe('sender lists: changes and their events', () => {
  it('adds an entry with who, when, expiry, report and campaign, and emits "added"', async () => {
    const { lists, events } = build();

    const result = await lists.add(block(tenant, { ttlMs: 7 * DAY, reportId: 'rpt-1', campaignId: 'cmp-1' }));

    expect(result).toEqual({
      ok: true,
      entry: {
        list: 'block',
        ...tenant,
        reason: 'phishing',
        addedBy: dummyAnalyst,
        addedAt: dummyNow,
        expiresAt: dummyNow + 7 * DAY,
        reportId: 'rpt-1',
        campaignId: 'cmp-1',
      },
    });
    expect(events.ofType('SenderListChanged')).toEqual([
      expect.objectContaining({
        Severity: 'Informational',
        Source: 'sender-lists',
        SenderTenantId: dummyAttackerTenant,
        SenderUPN: null,
        Details: {
          action: 'added',
          list: 'block',
          kind: 'tenant',
          value: dummyAttackerTenant,
          reason: 'phishing',
          byObjectId: dummyAnalyst.aadObjectId,
          byName: dummyAnalyst.name,
          addedByObjectId: dummyAnalyst.aadObjectId,
          addedByName: dummyAnalyst.name,
          addedAt: new Date(dummyNow).toISOString(),
          expiresAt: new Date(dummyNow + 7 * DAY).toISOString(),
          reportId: 'rpt-1',
          campaignId: 'cmp-1',
        },
      }),
    ]);
  });

  it('marks an allow as Low: it lowers protection', async () => {
    const { lists, events } = build();

    await lists.add({ ...block(sender), list: 'allow' });

    expect(events.ofType('SenderListChanged')).toEqual([
      expect.objectContaining({ Severity: 'Low', SenderUPN: dummyAttackerUpn }),
    ]);
  });

  it('moving a key to the other list emits "removed" for the old entry, then "added"', async () => {
    const { lists, changes } = build();
    await lists.add(block(sender));

    await lists.add({ ...block(sender), list: 'allow' });

    expect(changes().map((d) => [d.action, d.list, d.replacedBy])).toEqual([
      ['added', 'block', undefined],
      ['removed', 'block', 'allow'],
      ['added', 'allow', undefined],
    ]);
  });

  it('removes an entry and emits "removed" by whoever removed it', async () => {
    const { lists, changes } = build();
    await lists.add(block(tenant));
    const remover = { aadObjectId: 'b0b00000-0000-4000-8000-000000000002', name: 'Bob Analyst' };

    const removed = await lists.remove('block', tenant, remover);

    expect(removed).toMatchObject({ ...tenant, list: 'block' });
    expect(changes().at(-1)).toMatchObject({
      action: 'removed',
      byName: 'Bob Analyst',
      addedByName: 'Ana Analyst',
    });
    expect(await lists.match(attacker)).toBeUndefined();
  });

  it('removes nothing, and emits nothing, for a key not on that list', async () => {
    const { lists, changes } = build();
    await lists.add(block(tenant));

    expect(await lists.remove('allow', tenant, dummyAnalyst)).toBeUndefined();
    expect(changes()).toHaveLength(1);
  });

  it('refuses a new entry when the lists are full, with what to do', async () => {
    const { lists, changes } = build(1);
    await lists.add(block(tenant));

    const result = await lists.add(block(sender));

    expect(result).toMatchObject({ ok: false, reason: 'full' });
    expect(!result.ok && translatorFor({}, 'en').text(result.message)).toBe(
      'The sender lists hold 1 entries at most: remove some before adding more.',
    );
    expect(changes()).toHaveLength(1);
  });

  it('logs, and does not throw, when the event cannot be emitted after the change', async () => {
    const { lists, events } = build();
    events.failWith(new Error('outbox down'));

    await expect(lists.add(block(tenant))).resolves.toMatchObject({ ok: true });
    expect(await lists.match(attacker)).toMatchObject({ list: 'block' });
  });
});

describe('sender lists: expiry', () => {
  it('stops matching an entry when it expires, and emits "expired" once', async () => {
    const { lists, clock, changes } = build();
    await lists.add(block(tenant, { ttlMs: DAY }));
    expect(await lists.match(attacker)).toMatchObject({ list: 'block' });

    clock.now += DAY;

    expect(await lists.match(attacker)).toBeUndefined();
    await lists.list('block');
    expect(changes().map((d) => [d.action, d.byObjectId])).toEqual([
      ['added', dummyAnalyst.aadObjectId],
      ['expired', null],
    ]);
  });

  it('leaves an expired entry off the list it shows', async () => {
    const { lists, clock } = build();
    await lists.add(block(tenant, { ttlMs: DAY }));
    await lists.add(block(sender));
    clock.now += DAY;

    expect(await lists.list('block')).toEqual({ entries: [expect.objectContaining(sender)], total: 1 });
  });

  it('reports an expired entry replaced before any sweep as "expired", not "removed"', async () => {
    const { lists, clock, changes } = build();
    await lists.add(block(sender, { ttlMs: DAY }));
    clock.now += DAY;

    await lists.add({ ...block(sender), list: 'allow' });

    expect(changes().map((d) => [d.action, d.list])).toEqual([
      ['added', 'block'],
      ['expired', 'block'],
      ['added', 'allow'],
    ]);
  });
});

describe('sender lists: matching a sender', () => {
  it.each([
    ['the UPN', sender],
    ['the tenant', tenant],
    ['the domain', { kind: 'domain' as const, value: 'helpdesk-fabrikam.onmicrosoft.com' }],
  ])('matches a sender blocked by %s', async (_what, key) => {
    const { lists } = build();
    await lists.add(block(key));

    expect(
      await lists.match({ upn: dummyAttackerUpn.toUpperCase(), tenantId: dummyAttackerTenant }),
    ).toMatchObject({
      list: 'block',
      ...key,
    });
  });

  it('lets a blocked tenant win over an allowed sender of it', async () => {
    const { lists } = build();
    await lists.add({ ...block(sender), list: 'allow' });
    await lists.add(block(tenant));

    expect(await lists.match(attacker)).toMatchObject({ list: 'block', kind: 'tenant' });
  });

  it('matches nothing for a sender of another tenant', async () => {
    const { lists } = build();
    await lists.add(block(tenant));

    expect(
      await lists.match({ upn: 'sales@northwind.example', tenantId: '11111111-2222-4333-8444-555555555555' }),
    ).toBeUndefined();
  });
});
