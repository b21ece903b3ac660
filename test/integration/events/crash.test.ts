import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { RedisConnection } from '../../../src/store/redis';
import { FakeSplunkHec } from '../../support/receivers/fake-splunk-hec';
import { connectTestRedis, testRedisUrl } from '../../support/redis';
import { waitUntil } from '../../support/wait-for';
import type { ChildOptions } from './crash-child';

const TOKEN = 'dummy-hec-token-crash';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface RunningChild {
  process: ChildProcess;
  emitted: string[];
  exited: Promise<void>;
}

/**
 * Starts crash-child.ts and collects the EventIds it reports as emitted. tsx is loaded
 * into this one node process (--import tsx), not through the tsx CLI, which would run the
 * script in a grandchild that a SIGKILL to the CLI leaves alive.
 */
const startChild = (options: ChildOptions): RunningChild => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'crash-child.ts'), JSON.stringify(options)],
    {
      cwd: join(__dirname, '..', '..', '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const emitted: string[] = [];
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('emitted ')) emitted.push(line.slice('emitted '.length));
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      child.stdout!.destroy();
      resolve();
    }),
  );
  return { process: child, emitted, exited };
};

describe('crash during delivery (Redis outbox, HEC sink)', () => {
  let redis: RedisConnection;
  let hec: FakeSplunkHec;
  const children: RunningChild[] = [];

  beforeAll(async () => {
    redis = await connectTestRedis();
    hec = await new FakeSplunkHec({ token: TOKEN }).start();
  });
  afterAll(async () => {
    for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGKILL');
    await Promise.all(children.map((child) => child.exited));
    await hec.close();
    redis.destroy();
  });

  it('delivers every emitted event after the HEC was down and the bot was SIGKILLed mid-delivery', async () => {
    const base = { redisUrl: testRedisUrl(), hecUrl: hec.url, token: TOKEN };
    hec.busy = true;
    const first = startChild({ ...base, count: 200, label: 'before-crash' });
    children.push(first);
    await waitUntil(() => hec.requests.length >= 3, 'three refused batches while the HEC is down', 20_000);

    hec.busy = false;
    await waitUntil(() => hec.received.length >= 20, 'the first deliveries after the HEC came back', 20_000);
    hec.gate.close();
    await waitUntil(() => hec.gate.held >= 1, 'a batch in flight');
    first.process.kill('SIGKILL');
    await first.exited;
    expect(first.process.signalCode).toBe('SIGKILL');
    hec.gate.release();

    const second = startChild({ ...base, count: 50, label: 'after-restart' });
    children.push(second);
    const emitted = (): string[] => [...first.emitted, ...second.emitted];
    await waitUntil(() => second.emitted.length === 50, 'the second burst', 20_000);
    await waitUntil(
      () => {
        const received = new Set(hec.eventIds());
        return emitted().every((id) => received.has(id));
      },
      'every emitted event at the HEC',
      30_000,
    );
    second.process.kill('SIGTERM');
    await second.exited;

    const received = new Set(hec.eventIds());
    expect(first.emitted.length).toBeGreaterThan(0);
    expect(emitted().filter((id) => !received.has(id))).toEqual([]);
    expect([...received].every((id) => UUID.test(id))).toBe(true);
    expect(hec.requests.every((request) => request.headers.authorization === `Splunk ${TOKEN}`)).toBe(true);
    expect(
      hec.received.every(
        (envelope) => envelope.sourcetype === 'helpdesk_guard:event' && typeof envelope.time === 'number',
      ),
    ).toBe(true);
  }, 90_000);
});
