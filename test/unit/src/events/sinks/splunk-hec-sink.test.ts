import { hecAckUrl, toHecBody, toHecEnvelope } from '../../../../../src/events/sinks/splunk-hec-sink';
import { splitConcatenatedJson } from '../../../../support/receivers/fake-splunk-hec';
import { dummyEvent, dummyEvents } from '../dummy-events';

const splunk = {
  url: 'https://splunk.example.com:8088/services/collector/event',
  token: 'dummy-token',
  index: 'security',
  source: 'helpdesk-guard',
  sourcetype: 'helpdesk_guard:event',
  ack: false,
  ackTimeoutMs: 1_000,
};

describe('HEC format', () => {
  it('wraps an event in the HEC envelope with epoch seconds', () => {
    const event = dummyEvent();

    expect(toHecEnvelope(event, splunk, 'bot-1')).toEqual({
      time: Date.parse(event.TimeGenerated) / 1000,
      host: 'bot-1',
      source: 'helpdesk-guard',
      sourcetype: 'helpdesk_guard:event',
      index: 'security',
      event,
    });
  });

  it('omits index when none is configured', () => {
    expect(toHecEnvelope(dummyEvent(), { ...splunk, index: undefined }, 'bot-1')).not.toHaveProperty('index');
  });

  it('batches envelopes as concatenated JSON objects', () => {
    const events = dummyEvents(3);

    const parsed = splitConcatenatedJson(toHecBody(events, splunk, 'bot-1')) as Array<{
      event: { EventId: string };
    }>;

    expect(parsed.map((envelope) => envelope.event.EventId)).toEqual(events.map((event) => event.EventId));
  });

  it.each([
    ['with an index', splunk],
    ['without one', { ...splunk, index: undefined }],
  ])('writes one line per envelope, exactly as serialised, %s', (_case, config) => {
    const fresh = dummyEvent();
    const unicode = dummyEvent({ Details: { score: 0.9, note: 'Ünïcode "quoted"' } });

    expect(toHecBody([fresh, unicode], config, 'bot-1').split('\n')).toEqual([
      JSON.stringify(toHecEnvelope(fresh, config, 'bot-1')),
      JSON.stringify(toHecEnvelope(unicode, config, 'bot-1')),
    ]);
  });

  it.each([
    ['https://s:8088/services/collector/event', 'https://s:8088/services/collector/ack'],
    ['https://s:8088/services/collector/event/1.0', 'https://s:8088/services/collector/ack'],
    ['https://s/splunk/services/collector', 'https://s/splunk/services/collector/ack'],
  ])('finds the ack endpoint beside %s', (url, ack) => {
    expect(hecAckUrl(url)).toBe(ack);
  });

  it('never puts the token into the body', () => {
    expect(toHecBody(dummyEvents(2), splunk, 'bot-1')).not.toContain('dummy-token');
  });
});
