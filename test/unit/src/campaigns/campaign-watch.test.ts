import { createCampaignWatch } from '../../../../src/campaigns/campaign-watch';
import { MemoryCampaignStore } from '../../../../src/campaigns/memory-campaign-store';
import type { EventInput } from '../../../../src/events/schema';
import { MemoryFirstContactLog } from '../../../../src/reports/memory-first-contact-log';
import { MemoryReportStore } from '../../../../src/reports/memory-report-store';
import { fakeLog } from '../../../support/fake-log';
import {
  dummyAttackerTenantId,
  dummyFirstContact,
  dummySender,
  dummyStart,
  dummyTenantId,
} from '../reports/fake-report-deps';

const CAMPAIGN_ID = 'cmp-1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b';
const userId = (i: number): string => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const chat = (i: number): string => `19:watch-${i}@unq.gbl.spaces`;

const setup = (current?: string) => {
  const store = new MemoryCampaignStore();
  const firstContacts = new MemoryFirstContactLog();
  const reports = new MemoryReportStore();
  const emitted: EventInput[] = [];
  const changed: string[] = [];
  const { lines, logger: log } = fakeLog();
  const watch = createCampaignWatch({
    store,
    firstContacts,
    reports,
    tracker: { current: async () => current },
    events: { emit: async (input) => void emitted.push(input) },
    card: { changed: async (id) => void changed.push(id) },
    homeTenantId: dummyTenantId,
    windowMs: 3_600_000,
    log,
    clock: () => dummyStart + 60_000,
  });
  const inner: EventInput[] = [];
  const publisher = watch.publisher({ emit: async (input) => void inner.push(input) });
  return { store, firstContacts, reports, emitted, changed, watch, publisher, inner, lines };
};

const contact = (i: number, campaignId: string | null): EventInput => ({
  EventType: 'FirstContactDetected',
  Severity: 'High',
  Source: 'sentinel',
  ChatThreadId: chat(i),
  VictimAccountObjectId: userId(i),
  VictimUPN: `user${i}@contoso.com`,
  SenderUPN: dummySender.upn,
  SenderDisplayName: dummySender.displayName,
  SenderTenantId: dummyAttackerTenantId,
  Details: { campaignId, observedAt: new Date(dummyStart + i * 1_000).toISOString() },
});

const delivered = (i: number, details: Record<string, unknown> = {}): EventInput => ({
  EventType: 'WarningDelivered',
  Severity: 'High',
  Source: 'sentinel',
  ChatThreadId: chat(i),
  VictimAccountObjectId: userId(i),
  Details: details,
});

const logContact = async (firstContacts: MemoryFirstContactLog, i: number, campaignId?: string) => {
  await firstContacts.record(
    dummyFirstContact({
      recipientId: userId(i),
      recipientUpn: `user${i}@contoso.com`,
      chatThreadId: chat(i),
      observedAt: dummyStart + i * 1_000,
      ...(campaignId ? { campaignId } : {}),
    }),
  );
};

describe('createCampaignWatch', () => {
  it('creates the campaign from its first contact with an ID, gathers the earlier ones with what they earned, once', async () => {
    const { firstContacts, store, emitted, changed, publisher } = setup();
    await logContact(firstContacts, 0);
    await firstContacts.recordWarning(dummyTenantId, userId(0), chat(0), {
      at: dummyStart + 5,
      delivered: true,
    });
    await logContact(firstContacts, 1);

    await publisher.emit(contact(2, CAMPAIGN_ID));

    const campaign = await store.get(CAMPAIGN_ID);
    expect(campaign?.targets.map((target) => target.aadObjectId).sort()).toEqual([0, 1, 2].map(userId));
    expect(campaign?.targets.find((target) => target.aadObjectId === userId(0))?.flags.warned).toBe(
      dummyStart + 5,
    );
    expect((await firstContacts.get(dummyTenantId, userId(1), chat(1)))?.campaignId).toBe(CAMPAIGN_ID);
    expect(emitted.map((event) => event.EventType)).toEqual(['CampaignDetected']);
    expect(emitted[0].Details).toMatchObject({ campaignId: CAMPAIGN_ID, usersReached: 3 });
    expect(changed).toEqual([CAMPAIGN_ID]);

    await publisher.emit(contact(3, CAMPAIGN_ID));
    expect(emitted.map((event) => event.EventType)).toEqual(['CampaignDetected', 'CampaignUpdated']);
    expect(emitted[1].Details).toMatchObject({ change: 'target_added', usersReached: 4 });
  });

  it('adds the campaign ID to an event of a campaign chat that lacks it, and marks the target', async () => {
    const { firstContacts, store, inner, publisher } = setup();
    await publisher.emit(contact(0, CAMPAIGN_ID));
    await logContact(firstContacts, 0, CAMPAIGN_ID);

    await publisher.emit(delivered(0));

    expect(inner.at(-1)?.Details?.campaignId).toBe(CAMPAIGN_ID);
    expect((await store.get(CAMPAIGN_ID))?.targets[0].flags.warned).toBeDefined();
  });

  it('leaves events outside campaigns as they are', async () => {
    const { firstContacts, inner, publisher, store } = setup();
    await logContact(firstContacts, 0);

    await publisher.emit(contact(0, null));
    await publisher.emit(delivered(0, { campaignId: null }));
    await publisher.emit({ EventType: 'SenderListChanged', Severity: 'Medium', Source: 'verdicts' });

    expect(inner.map((event) => event.Details?.campaignId)).toEqual([null, null, undefined]);
    expect(await store.get(CAMPAIGN_ID)).toBeUndefined();
  });

  it('joins a contact its worker logged without an ID while the campaign was created, on its next event', async () => {
    const { firstContacts, store, inner, publisher } = setup(CAMPAIGN_ID);
    await publisher.emit(contact(0, CAMPAIGN_ID));
    await logContact(firstContacts, 5);
    await firstContacts.recordWarning(dummyTenantId, userId(5), chat(5), {
      at: dummyStart + 9,
      delivered: true,
    });

    await publisher.emit(delivered(5, { campaignId: null }));

    expect(inner.at(-1)?.Details?.campaignId).toBe(CAMPAIGN_ID);
    const joined = (await store.get(CAMPAIGN_ID))?.targets.find((target) => target.aadObjectId === userId(5));
    expect(joined?.flags).toMatchObject({ warned: dummyStart + 9 });
    expect((await firstContacts.get(dummyTenantId, userId(5), chat(5)))?.campaignId).toBe(CAMPAIGN_ID);
  });

  it('still emits the event when the campaign view fails, and says so in the log', async () => {
    const { store, inner, publisher, lines } = setup();
    jest.spyOn(store, 'addContact').mockRejectedValue(new Error('store down'));

    await publisher.emit(contact(0, CAMPAIGN_ID));

    expect(inner).toHaveLength(1);
    expect(lines.some((line) => line.includes('campaign view not updated'))).toBe(true);
  });
});
