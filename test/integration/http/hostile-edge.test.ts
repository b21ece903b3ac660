import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { freePort } from '../../setup/global-setup';
import { DUMMY_HOME_TENANT, DUMMY_OTHER_TENANT, dummyActivity, inTenant } from '../../support/activities';
import { startBotProcess, type BotProcess } from '../../support/bot-process';
import { waitFor } from '../../support/wait-for';

const WEBHOOK_SECRET = 'hostile-edge-webhook-secret-0123456789abcdef';
const APP_ID = '6e5d4c3b-2a19-4807-b6f5-e4d3c2b1a098';
const APP_PASSWORD = 'hostile-edge-app-password-Zq9';

/** 100 MiB of zeros, about 100 KB on the wire. */
const GZIP_BOMB = gzipSync(Buffer.alloc(100 * 1024 * 1024), { level: 9 });

/** Peak and current resident memory of a process, in MB (Linux /proc). */
const memoryOf = (pid: number): { peakMb: number; rssMb: number } => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { peakMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
};

const multipart = (): { body: Buffer; type: string } => {
  const boundary = 'hgboundary42';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="upload.bin"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    // Small enough to be written whole before the bot's 415 closes the connection (a bigger
    // upload races the close and the client sees EPIPE); any size would have made a file.
    Buffer.alloc(16 * 1024, 7),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, type: `multipart/form-data; boundary=${boundary}` };
};

/** A TCP server that accepts connections and never answers: a connector that hangs. */
const startBlackHole = async (): Promise<{ url: string; close(): Promise<void> }> => {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
};

const metric = async (bot: BotProcess, line: RegExp): Promise<number> => {
  const text = await (await fetch(`${bot.url}/metrics`)).text();
  return Number(line.exec(text)?.[1] ?? 0);
};

const modes: Array<[string, Record<string, string>]> = [
  ['local mode', {}],
  [
    'production mode',
    {
      NODE_ENV: 'production',
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: APP_PASSWORD,
      VERIFICATION_SECRET: 'hostile-edge-verification-secret-0123456789',
    },
  ],
];

describe.each(modes)('the HTTP edge under hostile input (%s, npm start)', (mode, modeEnv) => {
  let bot: BotProcess;
  let temp: string;

  beforeAll(async () => {
    temp = mkdtempSync(join(tmpdir(), 'hg-edge-tmp-'));
    bot = await startBotProcess({
      HOME_TENANT_ID: DUMMY_HOME_TENANT,
      SIGNAL_WEBHOOK_SECRET: WEBHOOK_SECRET,
      TMPDIR: temp,
      ...modeEnv,
    });
  });

  afterAll(async () => {
    await bot.stop();
  });

  afterEach(async () => {
    // Whatever a test sent, the process must still be there and serving.
    expect(bot.alive()).toBe(true);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });

  const routes = ['/api/messages', '/api/signals/first-contact'];

  it.each(routes)('%s: a body that claims gzip but is not gets 400', async (route) => {
    const res = await bot.post(route, 'not gzip at all', { 'content-encoding': 'gzip' });

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(expect.objectContaining({ code: 'body_invalid' }));
  });

  it.each(routes)('%s: a gzip bomb gets 413 and memory stays flat', async (route) => {
    const before = memoryOf(bot.pid);

    const answers = await Promise.all(
      [1, 2, 3, 4].map(() => bot.post(route, GZIP_BOMB, { 'content-encoding': 'gzip' })),
    );

    expect(answers.map((res) => res.status)).toEqual([413, 413, 413, 413]);
    // Decoded, the four bodies are 400 MiB; the limit stops decoding at a few hundred KB.
    expect(memoryOf(bot.pid).peakMb - before.rssMb).toBeLessThan(100);
  });

  it('an activity over the limit gets 413 when gzipped too', async () => {
    const huge = dummyActivity('message.personal.text', { text: 'x'.repeat(1024 * 1024) });

    const res = await bot.post('/api/messages', gzipSync(JSON.stringify(huge)), {
      'content-encoding': 'gzip',
    });

    expect(res.status).toBe(413);
  });

  it.each(routes)('%s: multipart uploads get 415 and leave no file behind', async (route) => {
    const { body, type } = multipart();
    // tsx keeps its compile cache there; an upload would add a file next to it.
    const before = readdirSync(temp);

    const answers = await Promise.all(
      Array.from({ length: 5 }, () => bot.post(route, body, { 'content-type': type })),
    );

    expect(answers.map((res) => res.status)).toEqual([415, 415, 415, 415, 415]);
    expect(readdirSync(temp)).toEqual(before);
  });

  it.each([
    ['text/csv', 'type,text\nmessage,help'],
    ['text/tab-separated-values', 'type\ttext\nmessage\thelp'],
    ['application/x-www-form-urlencoded', 'type=message&text=help'],
    ['text/plain', '{"type":"message"}'],
  ])('a %s body gets 415 with a code', async (type, body) => {
    for (const route of routes) {
      const res = await bot.post(route, body, { 'content-type': type });

      expect(res.status).toBe(415);
      expect(await res.json()).toEqual(expect.objectContaining({ code: 'content_type_unsupported' }));
    }
  });

  it('an unknown content coding gets 415', async () => {
    const res = await bot.post('/api/messages', 'x', { 'content-encoding': 'br' });

    expect(res.status).toBe(415);
    expect(await res.json()).toEqual(expect.objectContaining({ code: 'encoding_unsupported' }));
  });

  it.each([
    ['from.aadObjectId', { from: { aadObjectId: 42 } }],
    ['from.name', { from: { name: { first: 'x' } } }],
    ['conversation.id', { conversation: { id: 'a:\u4f60\u597d' } }],
    ['conversation.tenantId', { conversation: { tenantId: ['x'] } }],
    ['locale', { locale: 7 }],
    ['id', { id: 'f:\u00e9\u4f60' }],
    ['entities', { entities: 'mention' }],
    ['timestamp', { timestamp: 'yesterday' }],
    ['serviceUrl', { serviceUrl: 'javascript:alert(1)' }],
    ['serviceUrl', { serviceUrl: 'file:///etc/passwd' }],
  ])('a wrongly typed %s gets 400 naming it, without SDK text', async (field, override) => {
    const res = await bot.post(
      '/api/messages',
      JSON.stringify(dummyActivity('message.personal.text', override)),
    );

    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe('activity_invalid');
    expect(body.message).toContain(field);
    expect(body.message).not.toMatch(/serializ|Invalid character|Cannot connect/i);
  });

  if (mode === 'production mode') {
    it.each([
      ['no token', undefined],
      ['alg none', 'eyJhbGciOiJub25lIn0.eyJpc3MiOiJodHRwczovL2FwaS5ib3RmcmFtZXdvcmsuY29tIn0.'],
      ['a signature by an unknown key', 'eyJhbGciOiJSUzI1NiIsImtpZCI6IngifQ.eyJhdWQiOiJ4In0.c2ln'],
      ['HS256', 'eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln'],
      ['junk', 'not-a-jwt'],
    ])('%s gets 401 with one JSON log line and nothing on stderr', async (_name, token) => {
      const stdoutBefore = bot.stdout().length;
      const stderrBefore = bot.stderr();

      const res = await bot.post(
        '/api/messages',
        JSON.stringify(dummyActivity('message.personal.text')),
        token ? { authorization: `Bearer ${token}` } : {},
      );

      expect(res.status).toBe(401);
      expect(await res.json()).toEqual(expect.objectContaining({ code: 'unauthorized' }));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const added = bot.stdout().slice(stdoutBefore).split('\n').filter(Boolean);
      expect(added.every((line) => line.startsWith('{'))).toBe(true);
      expect(bot.stderr()).toBe(stderrBefore);
      expect(added.filter((line) => line.includes('activity refused: unauthorized'))).toHaveLength(1);
    });
  }

  if (mode === 'local mode') {
    it('answers at once when the connector hangs, and the turn goes on behind', async () => {
      const hole = await startBlackHole();
      try {
        const res = await bot.post(
          '/api/messages',
          JSON.stringify(dummyActivity('message.personal.text', { serviceUrl: hole.url, text: 'help' })),
        );

        // The black hole never answered, so the reply is still pending: the request did not wait for it.
        expect(res.status).toBe(200);
      } finally {
        await hole.close();
      }
    });

    it('logs and counts a reply the connector refuses, and answers 200', async () => {
      const closedPort = await freePort();
      const before = await metric(bot, /hg_turns_failed_total\{reason="reply_undelivered"\} (\d+)/);

      const res = await bot.post(
        '/api/messages',
        JSON.stringify(
          dummyActivity('message.personal.text', {
            serviceUrl: `http://127.0.0.1:${closedPort}/`,
            text: 'help',
          }),
        ),
      );

      expect(res.status).toBe(200);
      await waitFor(
        'the undelivered reply to be counted',
        async () => (await metric(bot, /hg_turns_failed_total\{reason="reply_undelivered"\} (\d+)/)) > before,
        30_000,
      );
      expect(bot.output()).toContain('reply not delivered');
    }, 40_000);

    it('answers an invoke from another tenant with 200 and does not process it', async () => {
      const res = await bot.post(
        '/api/messages',
        JSON.stringify(dummyActivity('invoke.adaptive-card-action.personal', inTenant(DUMMY_OTHER_TENANT))),
      );

      expect(res.status).toBe(200);
    });

    it('answers an invoke it does not handle with 400 invoke_unsupported', async () => {
      const res = await bot.post(
        '/api/messages',
        JSON.stringify(
          dummyActivity('invoke.adaptive-card-action.personal', { name: 'composeExtension/query' }),
        ),
      );

      expect(res.status).toBe(400);
      expect(await res.json()).toEqual(expect.objectContaining({ code: 'invoke_unsupported' }));
    });

    it('maps activity types it does not know to one metric label', async () => {
      for (let i = 0; i < 30; i += 1) {
        await bot.post(
          '/api/messages',
          JSON.stringify(
            dummyActivity('message.personal.text', {
              type: `junk-${i}-${Math.random()}`,
              serviceUrl: 'http://127.0.0.1:9/',
            }),
          ),
        );
      }

      const text = await (await fetch(`${bot.url}/metrics`)).text();
      const series = text.split('\n').filter((line) => line.startsWith('hg_activities_total{'));
      expect(series.some((line) => line.includes('junk-'))).toBe(false);
      expect(series.some((line) => line.includes('type="other"'))).toBe(true);
    });
  }
});
