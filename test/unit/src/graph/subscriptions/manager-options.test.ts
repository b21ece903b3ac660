import { isGuardError } from '../../../../../src/errors';
import {
  settleOptions,
  type SubscriptionManagerOptions,
} from '../../../../../src/graph/subscriptions/manager-options';
import { silentLogger } from '../../../../../src/log/logger';
import { MemoryFencedStore, MemoryKeyValueStore } from '../../../../../src/store/memory';

const store = new MemoryKeyValueStore();
const dummyOptions = (overrides: Partial<SubscriptionManagerOptions> = {}): SubscriptionManagerOptions => ({
  graph: {} as SubscriptionManagerOptions['graph'],
  kv: store,
  fenced: new MemoryFencedStore(),
  dedupe: store,
  log: silentLogger(),
  notificationUrl: 'https://bot.contoso.com/api/graph/notifications',
  lifecycleNotificationUrl: 'https://bot.contoso.com/api/graph/lifecycle',
  clientState: 'dummy-client-state',
  ...overrides,
});

const configError = (overrides: Partial<SubscriptionManagerOptions>): string => {
  try {
    settleOptions(dummyOptions(overrides));
  } catch (err) {
    if (isGuardError(err, 'config_invalid')) return err.message;
    throw err;
  }
  throw new Error('expected a config_invalid error');
};

describe('settleOptions', () => {
  it('subscribes to /chats and /chats/getAllMembers?model=A, created, by default', () => {
    expect(settleOptions(dummyOptions()).wanted).toEqual([
      { name: 'chats', resource: '/chats', changeType: 'created' },
      { name: 'chatMembers', resource: '/chats/getAllMembers?model=A', changeType: 'created' },
    ]);
  });

  it('asks for no more than 15 minutes under the documented maximum', () => {
    const settled = settleOptions(dummyOptions({ lifetimeMs: 10 * 24 * 60 * 60_000 }));

    expect(settled.settings.lifetimeMs).toBe(4_305 * 60_000);
  });

  it.each([
    [
      'plain HTTP off loopback',
      { notificationUrl: 'http://bot.contoso.com/api/graph/notifications' },
      'HTTPS',
    ],
    ['a lifecycle URL that is no URL', { lifecycleNotificationUrl: 'bot/lifecycle' }, 'HTTPS'],
    ['a clientState over 128 characters', { clientState: 'x'.repeat(129) }, '128'],
    ['rich notifications without a certificate', { includeResourceData: true }, 'certificate'],
    ['a renewal fraction of 1', { renewAtFraction: 1 }, 'renewAtFraction'],
  ] as const)('refuses %s', (_case, overrides, fix) => {
    expect(configError(overrides)).toContain(fix);
  });

  it('accepts plain HTTP on loopback', () => {
    expect(() =>
      settleOptions(dummyOptions({ notificationUrl: 'http://127.0.0.1:3978/api/graph/notifications' })),
    ).not.toThrow();
  });

  it('never puts the clientState in a refusal', () => {
    expect(configError({ clientState: 's3cret'.repeat(30) })).not.toContain('s3cret');
  });
});
