import { createCampaignTracker } from '../../../../src/campaigns';
import { createDetector } from '../../../../src/detection';
import type { EventInput } from '../../../../src/events/schema';
import { silentLogger } from '../../../../src/log/logger';
import { MemoryFirstContactLog } from '../../../../src/reports/memory-first-contact-log';
import type { FirstContactSignal } from '../../../../src/signals/first-contact-signal';
import { MAX_DELIVERIES, createFirstContactWorker } from '../../../../src/signals/first-contact-worker';
import type { DeliveryResult, WarningJob } from '../../../../src/signals/warning-delivery';
import { MemoryWorkQueue } from '../../../../src/store/memory';
import type { WorkQueue } from '../../../../src/store/ports';
import { createMemoryStores } from '../../../../src/store/stores';
import { createSenderLists, MemorySenderListStore, type SenderLists } from '../../../../src/verdicts';

const HOME = '0d2f0b8e-5c3a-4e1b-9f7d-6a5b4c3d2e1f';

const dummySignal = (chat = '19:a_b@unq.gbl.spaces'): FirstContactSignal => ({
  tenantId: HOME,
  chatThreadId: chat,
  observedAt: '2026-11-27T22:00:00Z',
  receivedAt: Date.now(),
  source: 'sentinel',
  sender: {
    displayName: 'IT Helpdesk',
    upn: 'it@x.onmicrosoft.com',
    tenantId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  },
  recipient: { aadObjectId: '8f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9', upn: null },
});

const setup = (
  deliver: (job: WarningJob) => Promise<DeliveryResult>,
  queue: WorkQueue<FirstContactSignal> = new MemoryWorkQueue<FirstContactSignal>(),
  senderLists?: SenderLists,
) => {
  const stores = createMemoryStores();
  const events: EventInput[] = [];
  const firstContacts = new MemoryFirstContactLog();
  const worker = createFirstContactWorker({
    queue,
    deadLetters: stores.queue('dead'),
    dedupe: stores.dedupe,
    firstContacts,
    detector: createDetector({ homeTenantId: HOME, trustedTenantIds: [] }),
    campaigns: createCampaignTracker(stores, { minUsers: 3, windowMinutes: 60 }),
    delivery: { deliver },
    events: { emit: async (input) => void events.push(input) },
    log: silentLogger(),
    ...(senderLists ? { senderLists } : {}),
  });
  return { worker, events, stores, queue, firstContacts };
};

describe('first-contact worker', () => {
  it('lets a redelivered message resume its own claim after a crash mid-delivery', async () => {
    let calls = 0;
    const { worker, events } = setup(async () => {
      calls += 1;
      if (calls === 1) throw new Error('replica died');
      return { ok: true, attempts: 1 };
    });

    await expect(worker.handle(dummySignal(), 'message-1')).rejects.toThrow('replica died');
    await worker.handle(dummySignal(), 'message-1');

    expect(calls).toBe(2);
    expect(events.filter((event) => event.EventType === 'WarningDelivered')).toHaveLength(1);
  });

  it('does not warn twice when a delivered warning was not acked', async () => {
    let calls = 0;
    const { worker } = setup(async () => {
      calls += 1;
      return { ok: true, attempts: 1 };
    });

    await worker.handle(dummySignal(), 'message-1');
    await worker.handle(dummySignal(), 'message-1');

    expect(calls).toBe(1);
  });

  it('dead-letters a failed warning with the reason and records WarningFailed', async () => {
    const { worker, events, stores } = setup(async () => ({
      ok: false,
      reason: 'retries_exhausted',
      detail: '502',
      status: 502,
      attempts: 5,
    }));

    await worker.handle(dummySignal(), 'message-1');

    const [dead] = await stores.queue<{ reason: string }>('dead').receive('t', 1, 0);
    expect(dead.body.reason).toBe('retries_exhausted');
    expect(events.find((event) => event.EventType === 'WarningFailed')?.Details).toEqual(
      // The campaign's ID (none here) rides along, as on WarningDelivered: no lookup to add it.
      expect.objectContaining({ reason: 'retries_exhausted', status: 502, attempts: 5, campaignId: null }),
    );
  });

  it(`parks a message that failed ${MAX_DELIVERIES} times instead of retrying forever`, async () => {
    // A 1 ms lease: a failed try is handed out again at the next receive.
    const { worker, stores, queue } = setup(async () => {
      throw new Error('always fails');
    }, new MemoryWorkQueue<FirstContactSignal>(1));
    await queue.enqueue(dummySignal());

    worker.start();
    const dead = stores.queue<{ reason: string }>('dead');
    const [parked] = await dead.receive('t', 1, 10_000);
    await worker.stop();

    expect(parked.body.reason).toBe('processing_failed');
    expect(await queue.pending()).toBe(0);
  });
});

describe('first-contact worker and the sender lists', () => {
  const ATTACKER_TENANT = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
  const analyst = { aadObjectId: 'a4a15700-2b3c-4d5e-8f60-718293a4b5c6', name: 'Ana Analyst' };
  const clock = { now: Date.parse('2026-11-27T22:00:00Z') };

  const listsWith = async (...adds: Array<Parameters<SenderLists['add']>[0]>) => {
    const lists = createSenderLists({
      store: new MemorySenderListStore(),
      events: { emit: async () => undefined },
      log: silentLogger(),
      clock: () => clock.now,
    });
    for (const add of adds) await lists.add(add);
    return lists;
  };
  const blockedTenant = {
    list: 'block' as const,
    key: { kind: 'tenant' as const, value: ATTACKER_TENANT },
    reason: 'Report rpt-1 triaged malicious by Ana Analyst',
    by: analyst,
    reportId: 'rpt-1',
    campaignId: 'cmp-reported',
  };
  /** Another sender of the same tenant, with a name that looks like no one. */
  const ordinarySignal = (): FirstContactSignal => ({
    ...dummySignal('19:ordinary_b@unq.gbl.spaces'),
    sender: {
      displayName: 'Jordan Miller',
      upn: 'jordan.miller@x.onmicrosoft.com',
      tenantId: ATTACKER_TENANT,
    },
  });
  const detected = (events: EventInput[]) =>
    events.find((event) => event.EventType === 'FirstContactDetected');

  it('scores an ordinary name from outside as no warning without the lists (the baseline)', async () => {
    const { worker, events } = setup(async () => ({ ok: true, attempts: 1 }));

    await worker.handle(ordinarySignal(), 'message-1');

    expect(detected(events)?.Details).toMatchObject({ verdict: 'none' });
  });

  it('warns High about an ordinary name from a blocked tenant, the security team first on the card', async () => {
    const jobs: WarningJob[] = [];
    const lists = await listsWith(blockedTenant);
    const { worker, events } = setup(
      async (job) => {
        jobs.push(job);
        return { ok: true, attempts: 1 };
      },
      undefined,
      lists,
    );

    await worker.handle(ordinarySignal(), 'message-1');

    expect(detected(events)).toMatchObject({
      Severity: 'High',
      Details: {
        verdict: 'warn',
        reasons: expect.arrayContaining(['reported_by_security_team']),
        campaignId: 'cmp-reported',
        senderList: {
          list: 'block',
          kind: 'tenant',
          value: ATTACKER_TENANT,
          reportId: 'rpt-1',
          campaignId: 'cmp-reported',
        },
      },
    });
    expect((detected(events)?.Details?.reasons as string[])[0]).toBe('reported_by_security_team');
    expect(jobs).toHaveLength(1);
    expect(jobs[0].reasons[0]).toEqual({
      code: 'reported_by_security_team',
      message: "Your security team reported this sender's organisation as an attack.",
      text: { key: 'warning.reasons.reportedOrganisation' },
    });
    expect(events.find((event) => event.EventType === 'WarningDelivered')?.Details).toMatchObject({
      campaignId: 'cmp-reported',
    });
  });

  it("records the contact under the blocking report's campaign", async () => {
    const lists = await listsWith(blockedTenant);
    const { worker, firstContacts } = setup(async () => ({ ok: true, attempts: 1 }), undefined, lists);
    const signal = ordinarySignal();

    await worker.handle(signal, 'message-1');

    const entry = await firstContacts.get(HOME, signal.recipient.aadObjectId, signal.chatThreadId);
    expect(entry).toMatchObject({ verdict: 'warn', campaignId: 'cmp-reported' });
    expect(entry?.reasons[0]).toBe('reported_by_security_team');
  });

  it('does not warn about an allowed sender whose name looks like the helpdesk, and still records it', async () => {
    let deliveries = 0;
    const lists = await listsWith({
      list: 'allow',
      key: { kind: 'sender', value: 'it@x.onmicrosoft.com' },
      reason: 'Report rpt-2 triaged benign by Ana Analyst',
      by: analyst,
      reportId: 'rpt-2',
    });
    const { worker, events, firstContacts } = setup(
      async () => {
        deliveries += 1;
        return { ok: true, attempts: 1 };
      },
      undefined,
      lists,
    );
    const signal = dummySignal();

    await worker.handle(signal, 'message-1');

    expect(deliveries).toBe(0);
    expect(detected(events)).toMatchObject({
      Details: { verdict: 'none', senderList: { list: 'allow', kind: 'sender', reportId: 'rpt-2' } },
    });
    expect((detected(events)?.Details?.reasons as string[])[0]).toBe('allowed_by_security_team');
    expect(events.filter((event) => event.EventType === 'WarningDelivered')).toEqual([]);
    expect(await firstContacts.get(HOME, signal.recipient.aadObjectId, signal.chatThreadId)).toMatchObject({
      verdict: 'none',
    });
  });

  it('stops applying a block once it expired', async () => {
    const lists = await listsWith({ ...blockedTenant, ttlMs: 60_000 });
    const { worker, events } = setup(async () => ({ ok: true, attempts: 1 }), undefined, lists);
    clock.now += 60_000;

    await worker.handle(ordinarySignal(), 'message-1');

    expect(detected(events)?.Details).toMatchObject({ verdict: 'none' });
    expect(detected(events)?.Details).not.toHaveProperty('senderList');
  });
});
