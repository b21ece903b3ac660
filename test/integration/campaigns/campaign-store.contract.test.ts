import type { CampaignContactInput, CampaignStore } from '../../../src/campaigns/campaign-store';
import { MemoryCampaignStore } from '../../../src/campaigns/memory-campaign-store';
import { RedisCampaignStore } from '../../../src/campaigns/redis-campaign-store';
import { redisKindsUnderTest } from '../../support/redis';
import {
  dummyAlice,
  dummyAnalyst,
  dummyAttackerTenantId,
  dummyBob,
  dummyChatThreadId,
  dummyOtherThreadId,
  dummySender,
  dummyStart,
  dummyTenantId,
} from '../../unit/src/reports/fake-report-deps';

const redisKinds = redisKindsUnderTest();

const dummyCampaignId = 'cmp-0b7e5c8e-2f4a-4c55-9a51-3f1d2b6c7a10';

const contact = (overrides: Partial<CampaignContactInput> = {}): CampaignContactInput => ({
  campaignId: dummyCampaignId,
  tenantId: dummyTenantId.toUpperCase(),
  senderTenantId: dummyAttackerTenantId,
  detectedAt: dummyStart,
  sender: dummySender,
  target: {
    aadObjectId: dummyAlice.aadObjectId.toUpperCase(),
    upn: dummyAlice.upn,
    chatThreadId: dummyChatThreadId,
    at: dummyStart,
  },
  ...overrides,
});

const bobContact = (at: number, chatThreadId = dummyOtherThreadId): CampaignContactInput =>
  contact({ target: { aadObjectId: dummyBob.aadObjectId, upn: dummyBob.upn, chatThreadId, at } });

/** One contract, memory and Redis (one server, a Cluster: a campaign's keys must share a slot). */
describe.each([
  { kind: 'memory', make: async (): Promise<CampaignStore> => new MemoryCampaignStore() },
  ...redisKinds.map(({ name, shared }) => ({
    kind: `redis (${name})`,
    make: async (): Promise<CampaignStore> => {
      const redis = await shared();
      await redis.flushDb();
      return new RedisCampaignStore(redis);
    },
  })),
])('CampaignStore contract: $kind', ({ make }) => {
  let store: CampaignStore;

  beforeEach(async () => {
    store = await make();
  });

  it('creates a campaign on its first contact, with the target contacted and the sender domain', async () => {
    expect(await store.addContact(contact())).toEqual({ created: true, newTarget: true, usersReached: 1 });
    const campaign = await store.get(dummyCampaignId);
    expect(campaign).toEqual({
      campaignId: dummyCampaignId,
      tenantId: dummyTenantId,
      senderTenantId: dummyAttackerTenantId,
      detectedAt: dummyStart,
      firstContactAt: dummyStart,
      lastContactAt: dummyStart,
      status: 'open',
      senders: [dummySender],
      domains: [dummySender.upn.split('@')[1].toLowerCase()],
      targets: [
        {
          aadObjectId: dummyAlice.aadObjectId.toLowerCase(),
          upn: dummyAlice.upn,
          chatThreadIds: [dummyChatThreadId],
          flags: { contacted: dummyStart },
        },
      ],
      actions: [],
    });
  });

  it('is undefined for an unknown campaign, and refuses to act on one', async () => {
    expect(await store.get('cmp-unknown')).toBeUndefined();
    expect(await store.mark('cmp-unknown', dummyAlice.aadObjectId, 'warned', dummyStart)).toBe(false);
    expect(
      await store.triage('cmp-unknown', { decision: 'malicious', by: dummyAnalyst, at: dummyStart }),
    ).toEqual({
      ok: false,
      reason: 'not_found',
    });
    expect(
      await store.recordAction('cmp-unknown', {
        action: 'rewarn',
        by: dummyAnalyst,
        at: dummyStart,
        count: 1,
      }),
    ).toBe(false);
    await store.setSecurityCardActivityId('cmp-unknown', 'activity-1');
    expect(await store.get('cmp-unknown')).toBeUndefined();
  });

  it('adds targets in order of arrival, a second chat to a known target, and widens the contact times', async () => {
    await store.addContact(contact());
    expect(await store.addContact(bobContact(dummyStart + 5_000))).toEqual({
      created: false,
      newTarget: true,
      usersReached: 2,
    });
    expect(await store.addContact(bobContact(dummyStart - 5_000, 'thread-3'))).toEqual({
      created: false,
      newTarget: false,
      usersReached: 2,
    });
    // A repeat of a known chat changes nothing.
    expect(await store.addContact(bobContact(dummyStart + 5_000))).toEqual({
      created: false,
      newTarget: false,
      usersReached: 2,
    });
    const campaign = await store.get(dummyCampaignId);
    expect(campaign?.targets.map((target) => target.aadObjectId)).toEqual([
      dummyAlice.aadObjectId.toLowerCase(),
      dummyBob.aadObjectId.toLowerCase(),
    ]);
    expect(campaign?.targets[1].chatThreadIds).toEqual([dummyOtherThreadId, 'thread-3']);
    expect(campaign?.firstContactAt).toBe(dummyStart - 5_000);
    expect(campaign?.lastContactAt).toBe(dummyStart + 5_000);
  });

  it('keeps every sender once, first seen first, with each domain once', async () => {
    const second = {
      displayName: 'Microsoft Security',
      upn: 'sec@evil2.onmicrosoft.com',
      tenantId: dummyAttackerTenantId,
    };
    const sameDomain = { ...dummySender, upn: `other@${dummySender.upn.split('@')[1]}` };
    await store.addContact(contact());
    await store.addContact({ ...bobContact(dummyStart + 1), sender: second });
    await store.addContact({
      ...bobContact(dummyStart + 2),
      sender: { ...dummySender, upn: dummySender.upn.toUpperCase() },
    });
    await store.addContact({ ...bobContact(dummyStart + 3), sender: sameDomain });
    const campaign = await store.get(dummyCampaignId);
    expect(campaign?.senders).toEqual([dummySender, second, sameDomain]);
    expect(campaign?.domains).toEqual([dummySender.upn.split('@')[1].toLowerCase(), 'evil2.onmicrosoft.com']);
  });

  it('records each flag once, at its first time, and only for a known target', async () => {
    await store.addContact(contact());
    expect(
      await store.mark(dummyCampaignId, dummyAlice.aadObjectId.toUpperCase(), 'warned', dummyStart + 1),
    ).toBe(true);
    expect(await store.mark(dummyCampaignId, dummyAlice.aadObjectId, 'warned', dummyStart + 9)).toBe(false);
    expect(await store.mark(dummyCampaignId, dummyAlice.aadObjectId, 'reported', dummyStart + 2)).toBe(true);
    expect(await store.mark(dummyCampaignId, dummyBob.aadObjectId, 'warned', dummyStart + 3)).toBe(false);
    const [target] = (await store.get(dummyCampaignId))!.targets;
    expect(target.flags).toEqual({ contacted: dummyStart, warned: dummyStart + 1, reported: dummyStart + 2 });
  });

  it('lets the first triage stand', async () => {
    await store.addContact(contact());
    const first = await store.triage(dummyCampaignId, {
      decision: 'malicious',
      by: dummyAnalyst,
      at: dummyStart + 1,
    });
    expect(first.ok && first.campaign.status).toBe('malicious');
    const second = await store.triage(dummyCampaignId, {
      decision: 'benign',
      by: dummyAnalyst,
      at: dummyStart + 2,
    });
    expect(second).toMatchObject({
      ok: false,
      reason: 'already_triaged',
      campaign: { status: 'malicious', triage: { decision: 'malicious', at: dummyStart + 1 } },
    });
  });

  it('makes one decision of simultaneous triages', async () => {
    await store.addContact(contact());
    const results = await Promise.all(
      (['malicious', 'benign', 'malicious', 'benign'] as const).map((decision, i) =>
        store.triage(dummyCampaignId, { decision, by: dummyAnalyst, at: dummyStart + i }),
      ),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });

  it('makes one campaign of simultaneous contacts, with every target', async () => {
    const ids = Array.from(
      { length: 40 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    const results = await Promise.all(
      ids.map((aadObjectId, i) =>
        store.addContact(
          contact({
            target: { aadObjectId, chatThreadId: `19:chat-${i}@unq.gbl.spaces`, at: dummyStart + i },
          }),
        ),
      ),
    );
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(results.every((result) => result.newTarget)).toBe(true);
    expect((await store.get(dummyCampaignId))?.targets).toHaveLength(40);
  });

  it('appends actions in order and remembers the card', async () => {
    await store.addContact(contact());
    const rewarn = { action: 'rewarn' as const, by: dummyAnalyst, at: dummyStart + 1, count: 3 };
    const removal = {
      action: 'remove_chats' as const,
      by: dummyAnalyst,
      at: dummyStart + 2,
      count: 2,
      failed: 1,
    };
    expect(await store.recordAction(dummyCampaignId, rewarn)).toBe(true);
    expect(await store.recordAction(dummyCampaignId, removal)).toBe(true);
    await store.setSecurityCardActivityId(dummyCampaignId, 'activity-1');
    const campaign = await store.get(dummyCampaignId);
    expect(campaign?.actions).toEqual([rewarn, removal]);
    expect(campaign?.securityCardActivityId).toBe('activity-1');
  });

  it('keeps a UPN-less sender by name within its tenant', async () => {
    const nameOnly = { displayName: 'IT Helpdesk', upn: null, tenantId: dummyAttackerTenantId };
    await store.addContact(contact({ sender: nameOnly }));
    await store.addContact({
      ...bobContact(dummyStart + 1),
      sender: { ...nameOnly, displayName: ' it helpdesk ' },
    });
    const campaign = await store.get(dummyCampaignId);
    expect(campaign?.senders).toEqual([nameOnly]);
    expect(campaign?.domains).toEqual([]);
  });
});
