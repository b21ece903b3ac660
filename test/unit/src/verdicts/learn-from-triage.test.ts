import {
  CONSUMER_TENANT_ID,
  createSenderLists,
  learnFromTriage,
  MemorySenderListStore,
  TRIAGE_ALLOW_TTL_MS,
  triageEntries,
  type TriageLesson,
} from '../../../../src/verdicts';
import { fakeLog } from '../../../support/fake-log';
import { fakePublisher } from '../../../support/fake-publisher';
import { dummyAnalyst, dummyAttackerTenant, dummyAttackerUpn, dummyHomeTenant } from './dummy-entries';

const lesson = (overrides: Partial<TriageLesson> = {}): TriageLesson => ({
  reportId: 'rpt-1',
  homeTenantId: dummyHomeTenant,
  sender: { displayName: 'IT Helpdesk', upn: dummyAttackerUpn, tenantId: dummyAttackerTenant },
  campaignId: 'cmp-1',
  decision: 'malicious',
  by: dummyAnalyst,
  ...overrides,
});

const keysOf = (l: TriageLesson) =>
  triageEntries(l).map((input) => [input.list, input.key.kind, input.key.value]);

describe('triageEntries (what a triage teaches)', () => {
  it.each(['malicious', 'remove'] as const)(
    'blocks the sender, its tenant and its domain when %s, with the report and campaign',
    (decision) => {
      const entries = triageEntries(lesson({ decision }));

      expect(entries.map((e) => [e.list, e.key.kind, e.key.value])).toEqual([
        ['block', 'sender', dummyAttackerUpn],
        ['block', 'tenant', dummyAttackerTenant],
        ['block', 'domain', 'helpdesk-fabrikam.onmicrosoft.com'],
      ]);
      for (const entry of entries) {
        expect(entry).toMatchObject({ reportId: 'rpt-1', campaignId: 'cmp-1', by: dummyAnalyst });
        expect(entry.ttlMs).toBeUndefined();
        expect(entry.reason).toMatch(/^Report rpt-1 triaged malicious/);
      }
    },
  );

  it('allows the sender only when benign, for a limited time, with no campaign', () => {
    const entries = triageEntries(lesson({ decision: 'benign' }));

    expect(entries).toEqual([
      {
        list: 'allow',
        key: { kind: 'sender', value: dummyAttackerUpn },
        reason: 'Report rpt-1 triaged benign by Ana Analyst',
        by: dummyAnalyst,
        reportId: 'rpt-1',
        ttlMs: TRIAGE_ALLOW_TTL_MS,
      },
    ]);
  });

  it('allows the tenant and domain too when the analyst trusts the whole organisation', () => {
    expect(keysOf(lesson({ decision: 'benign', benignScope: 'organisation' }))).toEqual([
      ['allow', 'sender', dummyAttackerUpn],
      ['allow', 'tenant', dummyAttackerTenant],
      ['allow', 'domain', 'helpdesk-fabrikam.onmicrosoft.com'],
    ]);
  });

  it('never lists the consumer tenant or a shared mail domain, only the sender', () => {
    const consumer = lesson({
      sender: { displayName: 'IT Helpdesk', upn: 'it.desk@outlook.com', tenantId: CONSUMER_TENANT_ID },
    });

    expect(keysOf(consumer)).toEqual([['block', 'sender', 'it.desk@outlook.com']]);
  });

  it("never lists the home tenant or its domain: a colleague's compromised account is blocked by its UPN", () => {
    const colleague = lesson({
      sender: { displayName: 'Bob', upn: 'bob@contoso.com', tenantId: dummyHomeTenant },
    });

    expect(keysOf(colleague)).toEqual([['block', 'sender', 'bob@contoso.com']]);
  });

  it('teaches nothing about a chat reported by link whose sender the bot never saw', () => {
    expect(triageEntries(lesson({ sender: undefined }))).toEqual([]);
  });

  it('blocks the tenant of a sender known only by tenant', () => {
    expect(
      keysOf(lesson({ sender: { displayName: 'IT', upn: null, tenantId: dummyAttackerTenant } })),
    ).toEqual([['block', 'tenant', dummyAttackerTenant]]);
  });
});

describe('learnFromTriage', () => {
  it('puts every entry on the lists, each with its event', async () => {
    const events = fakePublisher(dummyHomeTenant);
    const lists = createSenderLists({ store: new MemorySenderListStore(), events, log: fakeLog().logger });

    const outcomes = await learnFromTriage({ lists, log: fakeLog().logger }, lesson());

    expect(outcomes.map((o) => o.result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(
      events.ofType('SenderListChanged').map((e) => [e.Details.action, e.Details.kind, e.Details.reportId]),
    ).toEqual([
      ['added', 'sender', 'rpt-1'],
      ['added', 'tenant', 'rpt-1'],
      ['added', 'domain', 'rpt-1'],
    ]);
  });

  it('tries every entry when one fails, and logs the failure with how to add it by hand', async () => {
    const log = fakeLog();
    const failing = {
      add: async (input: { key: { kind: string } }) => {
        if (input.key.kind === 'tenant') throw new Error('Redis is gone');
        return { ok: true as const, entry: {} as never };
      },
    };

    const outcomes = await learnFromTriage({ lists: failing, log: log.logger }, lesson());

    expect(outcomes.map((o) => o.result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const lines = log.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 50,
        kind: 'tenant',
        msg: `sender list not updated by the triage: add it with "blocklist add ${dummyAttackerTenant}"`,
      }),
    ]);
  });
});
