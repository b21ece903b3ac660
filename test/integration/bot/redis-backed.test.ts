import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectRedis } from '../../../src/store/redis';
import { freePort } from '../../setup/global-setup';
import { DUMMY_HOME_TENANT, DUMMY_USER_ID, dummyActivity } from '../../support/activities';
import { FakeConnector } from '../../support/fake-connector';
import { testRedisUrl } from '../../support/redis';
import { startTestBot } from '../../support/test-bot';

describe('bot with REDIS_URL', () => {
  let connector: FakeConnector;

  beforeAll(async () => {
    connector = await new FakeConnector().start();
  });

  afterAll(async () => {
    await connector.stop();
  });

  it('keeps conversation references in Redis, where another replica finds them', async () => {
    const redisUrl = testRedisUrl();
    const replicaA = await startTestBot({ REDIS_URL: redisUrl });
    const replicaB = await startTestBot({ REDIS_URL: redisUrl });
    try {
      await replicaA.post(
        '/api/messages',
        dummyActivity('installation-update.personal.add', { serviceUrl: connector.serviceUrl }),
      );

      const record = await replicaB.stores.conversations.get({
        tenantId: DUMMY_HOME_TENANT,
        aadObjectId: DUMMY_USER_ID,
      });
      expect(record?.reference.serviceUrl).toBe(connector.serviceUrl);
      const redis = await connectRedis(redisUrl);
      expect(await redis.exists(`hg:convref:${DUMMY_HOME_TENANT}:${DUMMY_USER_ID}`)).toBe(1);
      redis.destroy();
    } finally {
      await replicaA.stop();
      await replicaB.stop();
    }
  });

  it('continues the tip rotation across replicas (turn state and counters in Redis)', async () => {
    const redisUrl = testRedisUrl();
    const replicaA = await startTestBot({ REDIS_URL: redisUrl });
    const replicaB = await startTestBot({ REDIS_URL: redisUrl });
    const before = connector.accepted().length;
    try {
      await replicaA.post(
        '/api/messages',
        dummyActivity('message.personal.text', { serviceUrl: connector.serviceUrl, text: 'tips' }),
      );
      await replicaB.post(
        '/api/messages',
        dummyActivity('message.personal.text', { serviceUrl: connector.serviceUrl, text: 'tips' }),
      );

      await connector.waitForActivities(before + 2);
      const texts = connector
        .accepted()
        .slice(before)
        .map((call) => JSON.stringify(call.body));
      expect(texts[0]).toContain('Tip 1 of');
      expect(texts[1]).toContain('Tip 2 of');
    } finally {
      await replicaA.stop();
      await replicaB.stop();
    }
  });

  describe('readiness', () => {
    let redis: ChildProcess;
    let port: number;

    beforeAll(async () => {
      port = await freePort();
      redis = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--dir',
          mkdtempSync(join(tmpdir(), 'hg-ready-')),
        ],
        {
          stdio: 'ignore',
        },
      );
      const probe = await connectRedis(`redis://127.0.0.1:${port}`).catch(async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        return connectRedis(`redis://127.0.0.1:${port}`);
      });
      probe.destroy();
    });

    afterAll(() => {
      if (redis.exitCode === null) redis.kill('SIGKILL');
    });

    it('is ready while Redis answers and not ready (503) once it is gone; healthz stays up', async () => {
      const bot = await startTestBot({ REDIS_URL: `redis://127.0.0.1:${port}` });
      try {
        expect((await fetch(`${bot.url}/readyz`)).status).toBe(200);

        const exited = new Promise((resolve) => redis.once('exit', resolve));
        redis.kill('SIGKILL');
        await exited;

        const res = await fetch(`${bot.url}/readyz`);
        expect(res.status).toBe(503);
        expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
      } finally {
        await bot.stop();
      }
    });
  });
});
