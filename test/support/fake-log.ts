import { Writable } from 'node:stream';
import type { EventInput } from '../../src/events/schema';
import { createLogger, type Logger } from '../../src/log/logger';

/** A real pino logger (redaction included) writing into an array, to check what was logged. */
export const fakeLog = (): { lines: string[]; logger: Logger } => {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', destination }) };
};

/** Every event input emitted, in order (copies, so later mutation by the caller shows). */
export const fakeEvents = () => {
  const emitted: EventInput[] = [];
  return { emitted, emit: async (input: EventInput) => emitted.push(structuredClone(input)) };
};
