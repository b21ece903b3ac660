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
) => {
  const stores = createMemoryStores();
  const events: EventInput[] = [];
  const worker = createFirstContactWorker({
    queue,
    deadLetters: stores.queue('dead'),
    dedupe: stores.dedupe,
    firstContacts: new MemoryFirstContactLog(),
    detector: createDetector({ homeTenantId: HOME, trustedTenantIds: [] }),
    campaigns: createCampaignTracker(stores, { minUsers: 3, windowMinutes: 60 }),
    delivery: { deliver },
    events: { emit: async (input) => void events.push(input) },
    log: silentLogger(),
  });
  return { worker, events, stores, queue };
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
      expect.objectContaining({ reason: 'retries_exhausted', status: 502, attempts: 5 }),
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
