import {
  createKeyValueRemoteToolAlerts,
  REMOTE_TOOL_ALERT_TTL_MS,
} from '../../../../src/hunting/remote-tool-alerts';
import { MemoryKeyValueStore } from '../../../../src/store/memory';
import type { KeyValueStore } from '../../../../src/store/ports';
import { RedisKeyValueStore, type RedisConnection } from '../../../../src/store/redis';
import { DUMMY_HOME_TENANT, DUMMY_USER_ID } from '../../../support/activities';
import { connectTestRedis } from '../../../support/redis';
import { DUMMY_ALERT_ID, dummyAlert } from './dummy-alert';

describe.each([
  ['memory', async () => ({ kv: new MemoryKeyValueStore() as KeyValueStore, close: async () => undefined })],
  [
    'Redis',
    async () => {
      const redis: RedisConnection = await connectTestRedis();
      return { kv: new RedisKeyValueStore(redis) as KeyValueStore, close: async () => redis.destroy() };
    },
  ],
])('createKeyValueRemoteToolAlerts over the %s kv', (_kind, open) => {
  let kv: KeyValueStore;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ kv, close } = await open());
  });
  afterEach(async () => {
    await close();
  });

  it('gives back the alert as raised, IDs lower-cased, nulls kept', async () => {
    const alerts = createKeyValueRemoteToolAlerts(kv);
    const alert = dummyAlert({
      tenantId: DUMMY_HOME_TENANT.toUpperCase(),
      user: { aadObjectId: DUMMY_USER_ID.toUpperCase(), upn: null, displayName: null },
    });

    await alerts.add(alert);

    expect(await alerts.get(DUMMY_ALERT_ID)).toEqual({
      ...alert,
      tenantId: DUMMY_HOME_TENANT,
      user: { aadObjectId: DUMMY_USER_ID, upn: null, displayName: null },
    });
  });

  it('records only the first of two answers given at once', async () => {
    const alerts = createKeyValueRemoteToolAlerts(kv);
    await alerts.add(dummyAlert());

    const results = await Promise.all([
      alerts.recordAnswer(DUMMY_ALERT_ID, 'not_me', DUMMY_USER_ID),
      alerts.recordAnswer(DUMMY_ALERT_ID, 'myself', DUMMY_USER_ID),
    ]);

    expect(results.filter((result) => result?.recorded)).toHaveLength(1);
    const winner = results.find((result) => result?.recorded)?.alert.answer;
    expect((await alerts.get(DUMMY_ALERT_ID))?.answer).toEqual(winner);
  });

  it('keeps an answer when the security card activity ID is stored after it', async () => {
    const alerts = createKeyValueRemoteToolAlerts(kv);
    await alerts.add(dummyAlert());
    await alerts.recordAnswer(DUMMY_ALERT_ID, 'not_me', DUMMY_USER_ID);

    await alerts.setSecurityCardActivityId(DUMMY_ALERT_ID, '1732698200456');

    expect(await alerts.get(DUMMY_ALERT_ID)).toMatchObject({
      answer: { answer: 'not_me', by: DUMMY_USER_ID },
      securityCardActivityId: '1732698200456',
    });
  });

  it('answers undefined for an alert that was never raised, and stores nothing for it', async () => {
    const alerts = createKeyValueRemoteToolAlerts(kv);

    expect(await alerts.recordAnswer('no-such-alert', 'not_me', DUMMY_USER_ID)).toBeUndefined();
    await alerts.setSecurityCardActivityId('no-such-alert', '1');
    expect(await alerts.get('no-such-alert')).toBeUndefined();
    expect(await kv.get('remote-tool-alert:no-such-alert:security-card')).toBeUndefined();
  });
});

describe('remote-tool alert lifetime', () => {
  it('forgets an alert and its answer 30 days after it was raised', async () => {
    let now = Date.parse('2026-11-27T22:13:00Z');
    const kv = new MemoryKeyValueStore(() => now);
    const alerts = createKeyValueRemoteToolAlerts(kv, () => now);
    await alerts.add(dummyAlert({ createdAt: now }));
    now += 10 * 24 * 3_600_000;
    await alerts.recordAnswer(DUMMY_ALERT_ID, 'not_me', DUMMY_USER_ID);

    now = Date.parse('2026-11-27T22:13:00Z') + REMOTE_TOOL_ALERT_TTL_MS;

    expect(await alerts.get(DUMMY_ALERT_ID)).toBeUndefined();
    expect(await kv.get(`remote-tool-alert:${DUMMY_ALERT_ID}:answer`)).toBeUndefined();
  });
});
