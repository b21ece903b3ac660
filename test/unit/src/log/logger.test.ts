import { Writable } from 'node:stream';
import { createLogger } from '../../../../src/log/logger';

const capture = () => {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { lines, log: createLogger({ destination }) };
};

describe('logger', () => {
  it.each([
    [{ req: { headers: { authorization: 'Bearer eyJsecret' } } }, 'eyJsecret'],
    [{ headers: { 'x-signature-256': 'sha256=abcdef0123' } }, 'abcdef0123'],
    [{ password: 'hunter2' }, 'hunter2'],
    [{ secret: 'webhook-secret' }, 'webhook-secret'],
    [{ token: 'hec-token' }, 'hec-token'],
    [{ code: '482913' }, '482913'],
    [{ verification: { code: '123456' } }, '123456'],
    [{ phrase: 'purple-harbour' }, 'purple-harbour'],
    [{ activity: { text: 'verify 482913' } }, '482913'],
  ])('redacts %j', (fields, secret) => {
    const { lines, log } = capture();

    log.info(fields, 'something happened');

    expect(lines.join('')).not.toContain(secret);
    expect(lines.join('')).toContain('[redacted]');
  });

  it.each([
    [{ code: 'config_invalid' }, '"code":"config_invalid"'],
    [{ err: { code: 'ECONNREFUSED' } }, '"code":"ECONNREFUSED"'],
    [{ refusal: { code: 'ERR_INVALID_CHAR' } }, '"code":"ERR_INVALID_CHAR"'],
  ])('keeps the error code of %j, which is no secret', (fields, kept) => {
    const { lines, log } = capture();

    log.info(fields, 'refused');

    expect(lines.join('')).toContain(kept);
  });

  it.each(['482 913', '482-913', 'a1b2c3', '48291'])(
    'redacts a code %j that is not an error code',
    (code) => {
      const { lines, log } = capture();

      log.info({ code }, 'checked');

      expect(lines.join('')).not.toContain(code);
    },
  );

  it('writes JSON lines with the service name and an ISO time', () => {
    const { lines, log } = capture();

    log.child({ requestId: 'r-1' }).info('hello');

    const line = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(line).toEqual(
      expect.objectContaining({ service: 'helpdesk-guard', requestId: 'r-1', msg: 'hello' }),
    );
    expect(String(line.time)).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });
});
