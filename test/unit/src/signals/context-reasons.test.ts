import { createCampaignTracker } from '../../../../src/campaigns';
import { createDetector, type Reason } from '../../../../src/detection';
import type { EventInput } from '../../../../src/events/schema';
import { createMailFloods } from '../../../../src/hunting/mail-floods';
import { silentLogger } from '../../../../src/log/logger';
import { MemoryFirstContactLog } from '../../../../src/reports/memory-first-contact-log';
import { contextReasons } from '../../../../src/signals/context-reasons';
import type { FirstContactSignal } from '../../../../src/signals/first-contact-signal';
import { createFirstContactWorker } from '../../../../src/signals/first-contact-worker';
import type { WarningJob } from '../../../../src/signals/warning-delivery';
import { MemoryKeyValueStore } from '../../../../src/store/memory';
import { createMemoryStores } from '../../../../src/store/stores';

const HOME = '0d2f0b8e-5c3a-4e1b-9f7d-6a5b4c3d2e1f';
const USER = '8f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
const OBSERVED = Date.parse('2026-11-27T22:00:00Z');

/** A first contact by an ordinary-looking outsider: the name alone does not warn. */
const plainSender = (overrides: Partial<FirstContactSignal> = {}): FirstContactSignal => ({
  tenantId: HOME,
  chatThreadId: '19:plain_chat@unq.gbl.spaces',
  observedAt: new Date(OBSERVED).toISOString(),
  receivedAt: OBSERVED,
  source: 'defender',
  sender: {
    displayName: 'Jordan Miles',
    upn: 'jordan@fabrikam.com',
    tenantId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  },
  recipient: { aadObjectId: USER, upn: 'alice@contoso.com' },
  ...overrides,
});

const worker = (context: (signal: FirstContactSignal) => Promise<Reason[]>) => {
  const stores = createMemoryStores();
  const events: EventInput[] = [];
  const jobs: WarningJob[] = [];
  const handler = createFirstContactWorker({
    queue: stores.queue('signals'),
    deadLetters: stores.queue('dead'),
    dedupe: stores.dedupe,
    firstContacts: new MemoryFirstContactLog(),
    detector: createDetector({ homeTenantId: HOME, trustedTenantIds: [] }),
    campaigns: createCampaignTracker(stores, { minUsers: 3, windowMinutes: 60 }),
    delivery: { deliver: async (job) => (jobs.push(job), { ok: true, attempts: 1 }) },
    events: { emit: async (input) => void events.push(input) },
    log: silentLogger(),
    context,
  });
  return { handler, events, jobs };
};

describe('context reasons', () => {
  it('name a mail flood the contact follows, with its size and when', async () => {
    const floods = createMailFloods(new MemoryKeyValueStore());
    await floods.record(HOME, USER, { at: OBSERVED - 2 * 3600_000, messages: 412, defenderDetected: false });

    const reasons = await contextReasons({ mailFloods: floods }, plainSender(), OBSERVED);

    expect(reasons).toEqual([
      {
        code: 'mail_bombing',
        message: expect.stringMatching(/flooded with 412 messages 2 hours ago/),
        text: {
          key: 'warning.reasons.mailBombing',
          params: { messages: 412, when: { key: 'warning.reasons.hoursAgo', params: { count: 2 } } },
        },
      },
    ]);
  });

  it('say nothing of a flood older than the pressure window, or of another user', async () => {
    const floods = createMailFloods(new MemoryKeyValueStore(), 3600_000);
    await floods.record(HOME, USER, { at: OBSERVED - 2 * 3600_000, messages: 412, defenderDetected: false });
    await floods.record(HOME, 'b0000000-0000-4000-8000-000000000001', {
      at: OBSERVED,
      messages: 900,
      defenderDetected: true,
    });

    expect(await contextReasons({ mailFloods: floods }, plainSender(), OBSERVED)).toEqual([]);
  });

  it("carry Teams' own impersonation verdict", async () => {
    expect(
      (await contextReasons({}, plainSender({ teamsImpersonation: true }), OBSERVED)).map((r) => r.code),
    ).toEqual(['teams_impersonation']);
  });
});

describe('mail floods', () => {
  it('are news once per flood: the poller seeing the same flood again does not pre-warn twice', async () => {
    const floods = createMailFloods(new MemoryKeyValueStore(), 3600_000);

    expect(await floods.record(HOME, USER, { at: OBSERVED, messages: 300, defenderDetected: false })).toBe(
      true,
    );
    expect(
      await floods.record(HOME, USER, { at: OBSERVED + 600_000, messages: 350, defenderDetected: false }),
    ).toBe(false);
    expect((await floods.recent(HOME, USER, OBSERVED + 700_000))?.messages).toBe(350);
  });
});

describe('the first-contact worker with context reasons', () => {
  it('warns an external sender whose name alone would not, putting the context first and High', async () => {
    const floods = createMailFloods(new MemoryKeyValueStore());
    await floods.record(HOME, USER, { at: OBSERVED - 3600_000, messages: 300, defenderDetected: true });
    const { handler, events, jobs } = worker((signal) =>
      contextReasons({ mailFloods: floods }, signal, OBSERVED),
    );

    await handler.handle(plainSender(), 'm-1');

    expect(jobs).toHaveLength(1);
    expect(jobs[0].reasons[0].code).toBe('mail_bombing');
    const detected = events.find((event) => event.EventType === 'FirstContactDetected');
    expect(detected).toMatchObject({
      Severity: 'High',
      Details: { verdict: 'warn', context: ['mail_bombing'] },
    });
  });

  it('leaves the same sender unwarned without context', async () => {
    const { handler, events, jobs } = worker(async () => []);

    await handler.handle(plainSender(), 'm-1');

    expect(jobs).toEqual([]);
    expect(events.find((event) => event.EventType === 'FirstContactDetected')).toMatchObject({
      Severity: 'Low',
      Details: { verdict: 'none' },
    });
  });

  it('never turns an internal sender into a warning', async () => {
    const { handler, jobs } = worker(async () => [{ code: 'mail_bombing', message: 'flood' }]);

    await handler.handle(
      plainSender({ sender: { displayName: 'Bob', upn: 'bob@contoso.com', tenantId: HOME } }),
      'm-1',
    );

    expect(jobs).toEqual([]);
  });
});
