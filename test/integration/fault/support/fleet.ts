import { KEY_PREFIX } from '../../../../src/store/keys';
import { connectRedis } from '../../../../src/store/redis';
import { createRedisStores } from '../../../../src/store/stores';
import { DUMMY_HOME_TENANT } from '../../../support/activities';
import type { FakeConnector } from '../../../support/fake-connector';
import { startReplica, type Replica } from '../../../support/replica';
import { DUMMY_WEBHOOK_SECRET, dummySignal, signedHeaders } from '../../../support/signals';
import { waitUntil } from '../../../support/wait-for';

/** User i of a fault run: an Entra object ID and the 1:1 conversation the connector sees. */
export const faultUserId = (i: number): string => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
export const faultConversationId = (i: number): string => `a:fault-${i}`;

/** Stores a conversation reference for users 0..count-1, as their installs would have. */
export const seedUsers = async (redisUrl: string, serviceUrl: string, count: number): Promise<void> => {
  const stores = createRedisStores(await connectRedis(redisUrl));
  try {
    for (let i = 0; i < count; i += 1) {
      await stores.conversations.set(
        { tenantId: DUMMY_HOME_TENANT, aadObjectId: faultUserId(i) },
        {
          serviceUrl,
          channelId: 'msteams',
          conversation: {
            id: faultConversationId(i),
            tenantId: DUMMY_HOME_TENANT,
            conversationType: 'personal',
          },
          user: { id: `29:fault-user-${i}`, aadObjectId: faultUserId(i) },
          bot: { id: '28:helpdesk-guard' },
        },
      );
    }
  } finally {
    await stores.close();
  }
};

/** The first-contact queue's stream and consumer group (RedisWorkQueue in src/store/redis.ts). */
const FIRST_CONTACT_STREAM = `${KEY_PREFIX}queue:first-contact`;
const WORKER_GROUP = 'workers';

/** How many first-contact jobs the replica named `consumer` holds now (handed out, not acked). */
export const jobsHeldBy = async (redisUrl: string, consumer: string): Promise<number> => {
  const redis = await connectRedis(redisUrl);
  try {
    const summary = (await redis.send(FIRST_CONTACT_STREAM, [
      'XPENDING',
      FIRST_CONTACT_STREAM,
      WORKER_GROUP,
    ])) as [number, string | null, string | null, Array<[string, string]> | null];
    const mine = summary[3]?.find(([name]) => name === consumer);
    return mine ? Number(mine[1]) : 0;
  } finally {
    redis.destroy();
  }
};

/** Resolves once the replica answers /readyz with 200 (its stores are open). */
export const waitReady = (replica: Replica, timeoutMs = 30_000): Promise<void> =>
  waitUntil(
    async () => (await fetch(`${replica.url}/readyz`)).status === 200,
    `${replica.name} ready`,
    timeoutMs,
  );

/**
 * Replicas `names` on one Redis, each a real bot process with the signal webhook on;
 * resolves once they listen, and with `ready` (the default) once each has its stores open.
 */
export const startFleet = async (
  names: string[],
  redisUrl: string,
  env: Record<string, string> = {},
  { ready = true } = {},
): Promise<Replica[]> => {
  const fleet = await Promise.all(
    names.map((name) =>
      startReplica(name, {
        HOME_TENANT_ID: DUMMY_HOME_TENANT,
        REDIS_URL: redisUrl,
        SIGNAL_WEBHOOK_SECRET: DUMMY_WEBHOOK_SECRET,
        LOG_LEVEL: 'info',
        ...env,
      }),
    ),
  );
  if (ready) await Promise.all(fleet.map((replica) => waitReady(replica)));
  return fleet;
};

/** Posts user i's first-contact signal to `replica`; true when it was acked (202). */
export const postSignal = async (replica: Replica, i: number): Promise<boolean> => {
  const body = JSON.stringify(
    dummySignal({ recipient: { aadObjectId: faultUserId(i), upn: `user${i}@contoso.com` } }),
  );
  try {
    const res = await fetch(`${replica.url}/api/signals/first-contact`, {
      method: 'POST',
      headers: signedHeaders(body),
      body,
      signal: AbortSignal.timeout(5_000),
    });
    await res.arrayBuffer();
    return res.status === 202;
  } catch {
    return false;
  }
};

/** How many warnings each user got at the connector (a warning is the one card sent to a user's chat). */
export const warningsPerUser = (connector: FakeConnector, count: number): number[] => {
  const perConversation = new Map<string, number>();
  for (const call of connector.accepted())
    perConversation.set(call.conversationId, (perConversation.get(call.conversationId) ?? 0) + 1);
  return Array.from({ length: count }, (_, i) => perConversation.get(faultConversationId(i)) ?? 0);
};

/** When user i's first warning reached the connector, or undefined. */
export const firstWarningAt = (connector: FakeConnector, i: number): number | undefined =>
  connector.accepted().find((call) => call.conversationId === faultConversationId(i))?.at;
