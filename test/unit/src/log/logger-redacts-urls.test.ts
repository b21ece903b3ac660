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

const invalidUrlError = (): Error => {
  try {
    new URL('redis://:hunter2@host:99999');
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the URL parser to refuse the URL');
};

describe('logger: URLs in errors', () => {
  it.each([
    ['err', (log: ReturnType<typeof capture>['log'], err: Error) => log.warn({ err }, 'delivery failed')],
    ['an error as the only argument', (log: ReturnType<typeof capture>['log'], err: Error) => log.warn(err)],
  ])('redacts credentials and query values in the message and stack (%s)', (_case, write) => {
    const { lines, log } = capture();

    write(log, new Error('cannot reach http://user:hunter2@host/x?sig=abc'));

    const output = lines.join('');
    expect(output).not.toContain('hunter2');
    expect(output).not.toContain('abc');
    expect(output).toContain('http://[redacted]@host/x?sig=[redacted]');
  });

  it("keeps pino's error fields and redacts the other string fields, such as the URL parser's input", () => {
    const { lines, log } = capture();

    log.error({ err: invalidUrlError() }, 'cannot connect');

    const { err } = JSON.parse(lines[0]) as { err: Record<string, unknown> };
    expect(err).toEqual(
      expect.objectContaining({
        type: 'TypeError',
        message: 'Invalid URL',
        stack: expect.stringContaining('TypeError: Invalid URL'),
        input: 'redis://[redacted]@host:99999',
      }),
    );
  });

  it('redacts the message of the cause too', () => {
    const { lines, log } = capture();

    log.error({ err: new Error('send failed', { cause: new Error('at rediss://:hunter2@host:6380') }) }, 'x');

    expect(lines.join('')).not.toContain('hunter2');
  });

  it('redacts an err that is a plain object, without changing the object logged', () => {
    const { lines, log } = capture();
    const err = { status: 500, message: 'webhook: http://user:hunter2@host/x' };

    log.warn({ err }, 'delivery failed');

    expect(lines.join('')).not.toContain('hunter2');
    expect(err.message).toBe('webhook: http://user:hunter2@host/x');
  });
});
