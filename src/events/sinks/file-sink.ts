import { appendFile } from 'node:fs/promises';
import type { HelpdeskEvent } from '../schema';
import { type EventSink, SinkError } from './sink';

/**
 * EVENT_LOG_FILE: one JSON object per line, appended. Ready for a log shipper (AMA,
 * Splunk Universal Forwarder, Filebeat) that tails the file.
 */
export const createFileSink = (path: string): EventSink => ({
  name: 'file',
  async send(events: readonly HelpdeskEvent[]): Promise<void> {
    const lines = events.map((event) => `${JSON.stringify(event)}\n`).join('');
    try {
      await appendFile(path, lines, { encoding: 'utf8', mode: 0o640 });
    } catch (err) {
      // A full disk or a missing directory heals once an operator acts: retry, then dead-letter.
      throw new SinkError(`file: cannot append to EVENT_LOG_FILE ${path}: ${(err as Error).message}`, {
        retryable: true,
        cause: err,
      });
    }
  },
});
