import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync, gzipSync } from 'node:zlib';
import { BodyRefused, parseJson, readJsonText } from '../../../../src/http/read-body';

/** A plain node:http server that answers what readJsonText made of the request. */
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    readJsonText(req, { maxBytes: 1024 }).then(
      (text) => res.end(JSON.stringify({ text })),
      (err: BodyRefused) => {
        res.statusCode = err.status;
        res.setHeader('connection', 'close');
        res.end(JSON.stringify({ code: err.code }));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const send = async (body: Buffer | string, headers: Record<string, string>) => {
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, body: (await res.json()) as { text?: string; code?: string } };
};

describe('readJsonText', () => {
  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON; charset=UTF-8'])(
    'reads a %s body as text',
    async (type) => {
      expect(await send('{"a":"é"}', { 'content-type': type })).toEqual({
        status: 200,
        body: { text: '{"a":"é"}' },
      });
    },
  );

  it.each([
    ['gzip', gzipSync],
    ['x-gzip', gzipSync],
    ['deflate', deflateSync],
  ])('decodes a %s body', async (coding, encode) => {
    const res = await send(encode(Buffer.from('{"ok":true}')), {
      'content-type': 'application/json',
      'content-encoding': coding,
    });

    expect(res).toEqual({ status: 200, body: { text: '{"ok":true}' } });
  });

  it.each([
    ['no content type', {}, 415, 'content_type_unsupported'],
    [
      'another charset',
      { 'content-type': 'application/json; charset=iso-8859-1' },
      415,
      'content_type_unsupported',
    ],
    [
      'an unparsable content type',
      { 'content-type': 'application/json; =;' },
      415,
      'content_type_unsupported',
    ],
    [
      'a stacked coding',
      { 'content-type': 'application/json', 'content-encoding': 'gzip, gzip' },
      415,
      'encoding_unsupported',
    ],
    ['brotli', { 'content-type': 'application/json', 'content-encoding': 'br' }, 415, 'encoding_unsupported'],
  ])('refuses %s', async (_name, headers, status, code) => {
    expect(await send('{}', headers as Record<string, string>)).toEqual({ status, body: { code } });
  });

  it('refuses a plain body over the limit with 413', async () => {
    expect(await send('x'.repeat(2048), { 'content-type': 'application/json' })).toEqual({
      status: 413,
      body: { code: 'body_too_large' },
    });
  });

  it('counts the limit on decoded bytes: a small gzip of a large body is 413', async () => {
    const small = gzipSync(Buffer.alloc(512 * 1024, 0x20), { level: 9 });
    expect(small.length).toBeLessThan(1024);

    const res = await send(small, { 'content-type': 'application/json', 'content-encoding': 'gzip' });

    expect(res).toEqual({ status: 413, body: { code: 'body_too_large' } });
  });

  it('answers broken compression with 400', async () => {
    const truncated = gzipSync(Buffer.from('{"a":1}')).subarray(0, 8);

    const res = await send(truncated, { 'content-type': 'application/json', 'content-encoding': 'gzip' });

    expect(res).toEqual({ status: 400, body: { code: 'body_invalid' } });
  });
});

describe('parseJson', () => {
  it('parses JSON', () => {
    expect(parseJson('{"a":[1]}')).toEqual({ a: [1] });
  });

  it.each(['', '   ', '{"a":', 'not json'])('refuses %j with a 400 that names no parser', (text) => {
    expect(() => parseJson(text)).toThrow(BodyRefused);
    try {
      parseJson(text);
    } catch (err) {
      expect((err as BodyRefused).status).toBe(400);
      expect((err as BodyRefused).message).not.toMatch(/Unexpected|position/);
    }
  });
});
