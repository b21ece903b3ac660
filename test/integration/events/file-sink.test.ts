import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileSink } from '../../../src/events/sinks/file-sink';
import type { SinkError } from '../../../src/events/sinks/sink';
import { dummyEvents } from '../../unit/src/events/dummy-events';

describe('file sink (EVENT_LOG_FILE)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hg-events-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('appends one JSON line per event across batches', async () => {
    const path = join(dir, 'events.jsonl');
    const sink = createFileSink(path);
    const events = dummyEvents(3);

    await sink.send(events.slice(0, 2));
    await sink.send(events.slice(2));

    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual(events);
  });

  it('fails retryably, naming the setting, when the directory does not exist', async () => {
    const err = (await createFileSink(join(dir, 'missing', 'events.jsonl'))
      .send(dummyEvents(1))
      .catch((failure: unknown) => failure)) as SinkError;

    expect(err.retryable).toBe(true);
    expect(err.message).toContain('EVENT_LOG_FILE');
  });
});
