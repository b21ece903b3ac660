import {
  escapeCefHeader,
  escapeCefValue,
  formatCef,
  formatSyslogMessage,
  frameOctetCounted,
} from '../../../../../src/events/sinks/cef-format';
import { dummyEvent } from '../dummy-events';

describe('CEF escaping', () => {
  it.each([
    ['a|b', 'a\\|b'],
    ['back\\slash', 'back\\\\slash'],
    ['two\nlines', 'two lines'],
  ])('header field %p becomes %p', (raw, escaped) => {
    expect(escapeCefHeader(raw)).toBe(escaped);
  });

  it.each([
    ['a=b', 'a\\=b'],
    ['back\\slash', 'back\\\\slash'],
    ['two\nlines', 'two\\nlines'],
    ['crlf\r\nend', 'crlf\\nend'],
    ['cr\rend', 'cr\\rend'],
    ['pipe|stays', 'pipe|stays'],
  ])('extension value %p becomes %p', (raw, escaped) => {
    expect(escapeCefValue(raw)).toBe(escaped);
  });
});

describe('formatCef', () => {
  it('writes the header and the joinable fields', () => {
    const event = dummyEvent({ SenderDisplayName: 'IT|Help=desk\\n' });

    const cef = formatCef(event);

    expect(
      cef.startsWith(
        'CEF:0|Helpdesk Guard|Helpdesk Guard|1.0|FirstContactDetected|First contact detected|5|',
      ),
    ).toBe(true);
    expect(cef).toContain(`externalId=${event.EventId}`);
    expect(cef).toContain('cs1Label=ChatThreadId cs1=19:abc_def@unq.gbl.spaces');
    expect(cef).toContain('cs2=IT|Help\\=desk\\\\n');
    expect(cef).toContain('duser=alice@contoso.com');
    expect(cef).not.toMatch(/[\r\n]/);
  });

  it.each([
    ['RemoteToolAfterWarning', 'High', 'Remote tool after warning', '8'],
    ['RemoteToolAnswered', 'High', 'Remote tool answered', '8'],
    ['RemoteToolAnswered', 'Medium', 'Remote tool answered', '5'],
    ['MailBombingDetected', 'Medium', 'Mail bombing detected', '5'],
  ] as const)('names %s (%s) %p with CEF severity %s', (type, severity, name, cefSeverity) => {
    const cef = formatCef(dummyEvent({ EventType: type, Severity: severity }));

    expect(cef.startsWith(`CEF:0|Helpdesk Guard|Helpdesk Guard|1.0|${type}|${name}|${cefSeverity}|`)).toBe(
      true,
    );
  });

  it('carries the device of a remote-tool answer in the Details field', () => {
    const cef = formatCef(
      dummyEvent({
        EventType: 'RemoteToolAnswered',
        Severity: 'High',
        Details: { answer: 'not_me', deviceName: 'LT-ALICE-01', tool: 'Quick Assist' },
      }),
    );

    expect(cef).toContain(
      'cs6Label=Details cs6={"answer":"not_me","deviceName":"LT-ALICE-01","tool":"Quick Assist"}',
    );
  });

  it('leaves out fields that are null', () => {
    expect(formatCef(dummyEvent({ SenderUPN: null }))).not.toContain('suser=');
  });
});

describe('formatSyslogMessage', () => {
  it('is an RFC 5424 message with PRI, version, timestamp, host, app, procid and msgid', () => {
    const event = dummyEvent({ Severity: 'High' });

    const message = formatSyslogMessage(event, { host: 'bot-1', procId: 42 });

    // facility 13 (log audit) * 8 + severity 3 (error) = 107
    expect(message).toBe(
      `<107>1 ${event.TimeGenerated} bot-1 helpdesk-guard 42 FirstContactDetected - ${formatCef(event)}`,
    );
  });

  it.each([
    ['MailBombingDetected', 'Medium', 108],
    ['RemoteToolAnswered', 'High', 107],
    ['RemoteToolAnswered', 'Medium', 108],
  ] as const)('sends %s (%s) with PRI %i and the type as MSGID', (type, severity, pri) => {
    const event = dummyEvent({ EventType: type, Severity: severity });

    expect(formatSyslogMessage(event, { host: 'bot-1', procId: 1 })).toBe(
      `<${pri}>1 ${event.TimeGenerated} bot-1 helpdesk-guard 1 ${type} - ${formatCef(event)}`,
    );
  });

  it('frames with the byte length, not the character count', () => {
    expect(frameOctetCounted('é!')).toBe('3 é!');
  });
});
