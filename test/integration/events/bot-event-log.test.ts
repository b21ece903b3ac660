import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DUMMY_USER_ID, dummyActivity } from '../../support/activities';
import { FakeConnector } from '../../support/fake-connector';
import { DUMMY_WEBHOOK_SECRET, dummySignal, signedHeaders } from '../../support/signals';
import { startTestBot } from '../../support/test-bot';
import { waitFor } from '../../support/wait-for';

const readEvents = (file: string): Array<Record<string, unknown>> => {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  } catch {
    return []; // not written yet
  }
};

describe('the bot with EVENT_LOG_FILE', () => {
  it('writes the first contact and the warning, with the chat thread ID, as JSON lines', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hg-events-')), 'events.jsonl');
    const connector = await new FakeConnector().start();
    const bot = await startTestBot(
      { SIGNAL_WEBHOOK_SECRET: DUMMY_WEBHOOK_SECRET, EVENT_LOG_FILE: file },
      { events: 'pipeline' },
    );
    try {
      await bot.post(
        '/api/messages',
        dummyActivity('installation-update.personal.add', { serviceUrl: connector.serviceUrl }),
      );
      const body = dummySignal();
      const raw = JSON.stringify(body);

      await bot.post('/api/signals/first-contact', raw, signedHeaders(raw));

      const lines = await waitFor('both events in the file', () => {
        const events = readEvents(file).filter((event) => event.ChatThreadId === body.chatThreadId);
        return events.length >= 2 ? events : undefined;
      });
      expect(lines.map((event) => event.EventType)).toEqual(['FirstContactDetected', 'WarningDelivered']);
      for (const event of lines) {
        expect(event).toEqual(
          expect.objectContaining({
            EventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
            SchemaVersion: '1.0',
            VictimAccountObjectId: DUMMY_USER_ID,
            SenderDisplayName: 'IT Helpdesk',
            TimeGenerated: expect.any(String),
          }),
        );
      }
    } finally {
      await bot.stop();
      await connector.stop();
    }
  });
});
