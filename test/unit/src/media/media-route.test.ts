import { request } from 'node:http';
import type { Server } from 'restify';
import { DEFAULT_PROFILE } from '../../../../src/config/helpdesk-profile';
import { createMetrics } from '../../../../src/http/metrics';
import { close, createHttpServer, listen } from '../../../../src/http/server';
import { silentLogger } from '../../../../src/log/logger';
import { createMediaLibrary, mediaLibraryFor, type MediaImage } from '../../../../src/media/media-library';
import { mediaRoute } from '../../../../src/media/media-route';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw request: node:http sends the path as written, `..` included, unlike fetch. */
const send = (port: number, path: string, method = 'GET', headers: Record<string, string> = {}) =>
  new Promise<Answer>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });

describe('GET /media/<hash>.png over HTTP', () => {
  const library = createMediaLibrary(DEFAULT_PROFILE);
  const picture: MediaImage = library.image('chat-headers');
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createHttpServer({
      log: silentLogger(),
      metrics: createMetrics({ defaultMetrics: false }),
      readiness: async () => undefined,
      getRoutes: [mediaRoute(library)],
    });
    port = await listen(server, 0, '127.0.0.1');
  });

  afterAll(async () => {
    server.server.closeAllConnections();
    await close(server);
  });

  it('answers 200 with the PNG, cacheable forever, with an ETag', async () => {
    const answer = await send(port, `/media/${picture.fileName}`);

    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('image/png');
    expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(answer.headers.etag).toBe(`"${picture.hash}"`);
    expect(answer.body.equals(picture.png)).toBe(true);
  });

  it('serves every picture under its own name', async () => {
    for (const id of ['display-name', 'quick-assist'] as const) {
      const answer = await send(port, `/media/${library.image(id).fileName}`);

      expect(answer.status).toBe(200);
      expect(answer.body.equals(library.image(id).png)).toBe(true);
    }
  });

  it('answers HEAD with the headers and no body', async () => {
    const answer = await send(port, `/media/${picture.fileName}`, 'HEAD');

    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('image/png');
    expect(answer.headers['content-length']).toBe(String(picture.png.length));
    expect(answer.body.length).toBe(0);
  });

  it('answers 304 to a revalidation with the same ETag', async () => {
    const answer = await send(port, `/media/${picture.fileName}`, 'GET', {
      'if-none-match': `"${picture.hash}"`,
    });

    expect(answer.status).toBe(304);
    expect(answer.body.length).toBe(0);
  });

  it.each([
    ['an unknown hash', `/media/${'0'.repeat(32)}.png`],
    ['the right hash in capitals', () => `/media/${picture.fileName.toUpperCase()}`],
    ['the right hash with .PNG', () => `/media/${picture.hash}.PNG`],
    ['a traversal to package.json', '/media/../package.json'],
    ['an encoded traversal', '/media/..%2Fpackage.json'],
    ['a file of the project', '/media/package.json'],
    ['the folder itself', '/media/'],
    ['a longer hash', () => `/media/${picture.hash}0.png`],
    ['a picture at a size that is not served', () => `/media/${library.image('chat-headers', 360).fileName}`],
  ])('answers 404 with a JSON code for %s', async (_what, path) => {
    const answer = await send(port, typeof path === 'function' ? path() : path);

    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(answer.body.toString('utf8'))).toEqual({
      code: 'not_found',
      message: expect.any(String),
    });
  });
});

describe('GET /media/<hash>.png in every language', () => {
  const profile = { ...DEFAULT_PROFILE };
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createHttpServer({
      log: silentLogger(),
      metrics: createMetrics({ defaultMetrics: false }),
      readiness: async () => undefined,
      // As bot/routes.ts wires it: the profile's library, English by default.
      getRoutes: [mediaRoute(mediaLibraryFor(profile))],
    });
    port = await listen(server, 0, '127.0.0.1');
  });

  afterAll(async () => {
    server.server.closeAllConnections();
    await close(server);
  });

  it.each(['de', 'ja'] as const)('serves a %s picture a card of this process points at', async (language) => {
    const picture = mediaLibraryFor(profile, language).image('quick-assist');

    const answer = await send(port, `/media/${picture.fileName}`);

    expect(answer.status).toBe(200);
    expect(answer.body.equals(picture.png)).toBe(true);
  });

  it('serves a French picture that another replica drew for the same profile', async () => {
    const picture = createMediaLibrary({ ...DEFAULT_PROFILE }, 'fr').image('chat-headers');

    const answer = await send(port, `/media/${picture.fileName}`);

    expect(answer.status).toBe(200);
    expect(answer.body.equals(picture.png)).toBe(true);
  });

  it('still answers 404 for a picture of another profile', async () => {
    const other = createMediaLibrary({ ...DEFAULT_PROFILE, helpdeskName: 'Fabrikam Service Desk' }, 'de');

    expect((await send(port, `/media/${other.image('chat-headers').fileName}`)).status).toBe(404);
  });
});
