import { renewDueAt } from '../../../../../src/graph/subscriptions/reconcile-subscription';

const record = (lastRenewedAt: string | undefined, expiresAt: string | undefined) => ({
  name: 'chats',
  resource: '/chats',
  subscriptionId: 'dummy-subscription',
  failures: 0,
  ...(lastRenewedAt === undefined ? {} : { lastRenewedAt }),
  ...(expiresAt === undefined ? {} : { expiresAt }),
});

describe('renewDueAt', () => {
  it.each([
    // Three days granted: renewed two days in, a day left for retries.
    ['2026-11-27T00:00:00.000Z', '2026-11-30T00:00:00.000Z', 2 / 3, '2026-11-29T00:00:00.000Z'],
    // Graph granted one hour only: renewed after 40 minutes.
    ['2026-11-27T00:00:00.000Z', '2026-11-27T01:00:00.000Z', 2 / 3, '2026-11-27T00:40:00.000Z'],
    ['2026-11-27T00:00:00.000Z', '2026-11-27T04:00:00.000Z', 3 / 4, '2026-11-27T03:00:00.000Z'],
  ])('from %s to %s at %d is %s', (from, to, fraction, due) => {
    expect(new Date(renewDueAt(record(from, to), fraction)!).toISOString()).toBe(due);
  });

  it('is undefined (renew now) when the record lacks the times', () => {
    expect(renewDueAt(record(undefined, '2026-11-27T01:00:00.000Z'), 2 / 3)).toBeUndefined();
  });
});
