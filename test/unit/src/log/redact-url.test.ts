import { redactUrl, redactUrlsIn } from '../../../../src/log/redact-url';

const LOGIC_APP =
  'https://prod-00.westeurope.logic.azure.com:443/workflows/0f4b8d1e/triggers/manual/paths/invoke' +
  '?api-version=2016-10-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=dummySigSecret';

describe('redactUrl', () => {
  it.each([
    ['user and password', 'http://user:dummyPassword@host/x', 'http://[redacted]@host/x'],
    ['a token as the user name', 'https://dummyToken@host/x', 'https://[redacted]@host/x'],
    ['an @ in the password', 'http://user:dummy@Password@host/x', 'http://[redacted]@host/x'],
    [
      'a Logic Apps sig',
      LOGIC_APP,
      'https://prod-00.westeurope.logic.azure.com/workflows/0f4b8d1e/triggers/manual/paths/invoke' +
        '?api-version=[redacted]&sp=[redacted]&sv=[redacted]&sig=[redacted]',
    ],
    [
      'an OAuth code',
      'https://host/callback?code=dummyCode&state=s1',
      'https://host/callback?code=[redacted]&state=[redacted]',
    ],
    ['a token', 'https://host/x?token=dummyToken', 'https://host/x?token=[redacted]'],
    ['an api-key', 'https://host/x?api-key=dummyKey', 'https://host/x?api-key=[redacted]'],
    ['a bare query key', 'https://host/hook?dummyBareToken', 'https://host/hook?[redacted]'],
    ['an empty query value', 'https://host/x?a=&b=dummyB', 'https://host/x?a=&b=[redacted]'],
    ['a fragment', 'https://host/x#access_token=dummyFragment', 'https://host/x'],
    [
      'an IPv6 host',
      'http://user:dummyPassword@[::1]:8080/x?sig=dummySig',
      'http://[redacted]@[::1]:8080/x?sig=[redacted]',
    ],
    ['redis with a password only', 'redis://:dummyPassword@host:6379', 'redis://[redacted]@host:6379'],
    [
      'rediss with user and database',
      'rediss://default:dummyPassword@cache.redis.cache.windows.net:6380/0',
      'rediss://[redacted]@cache.redis.cache.windows.net:6380/0',
    ],
    ['a syslog target', 'tcp://user:dummyPassword@host:514', 'tcp://[redacted]@host:514'],
    ['an unparseable port', 'tcp://user:dummyPassword@host:99999', 'tcp://[redacted]@host:99999'],
    ['an unencoded / in the password', 'redis://:dummy/Password@host', 'redis://[redacted]@host'],
    [
      'a broken IPv6 host',
      'http://user:dummyPassword@[::1/x?sig=dummySig',
      'http://[redacted]@[::1/x?sig=[redacted]',
    ],
    ['no scheme', 'user:dummyPassword@host:6379', '[redacted]@host:6379'],
  ])('redacts %s', (_case, url, expected) => {
    const redacted = redactUrl(url);

    expect(redacted).toBe(expected);
    expect(redacted).not.toMatch(/dummy/);
  });

  it.each([
    ['https://soar.example.com/hooks/helpdesk-guard'],
    ['https://x'],
    ['tcp://siem.example.com:6514'],
    ['tcp://host:99999'],
    ['redis://localhost:6379'],
    ['not a url'],
    ['foo'],
    [''],
  ])('leaves %p as it is: nothing in it is secret', (value) => {
    expect(redactUrl(value)).toBe(value);
  });

  it('gives the same answer for a URL it already redacted', () => {
    const once = redactUrl('http://user:dummyPassword@host/x?sig=dummySig');

    expect(redactUrl(once)).toBe(once);
  });
});

describe('redactUrlsIn', () => {
  it.each([
    [
      "undici's refusal of credentials",
      'Request cannot be constructed from a URL that includes credentials: http://user:dummyPassword@127.0.0.1:1/x?sig=dummySig',
      'Request cannot be constructed from a URL that includes credentials: http://[redacted]@127.0.0.1:1/x?sig=[redacted]',
    ],
    [
      'a URL at the end of a sentence',
      'cannot reach redis://:dummyPassword@host:6379.',
      'cannot reach redis://[redacted]@host:6379.',
    ],
    [
      'a quoted URL',
      "SYSLOG_TARGET must look like tcp://host:port (got 'tcp://user:dummyPassword@host')",
      "SYSLOG_TARGET must look like tcp://host:port (got 'tcp://[redacted]@host')",
    ],
    [
      'a URL in brackets',
      '(see https://host/x?code=dummyCode), then retry',
      '(see https://host/x?code=[redacted]), then retry',
    ],
    [
      'two URLs',
      'from http://a:dummyOne@h1/ to rediss://:dummyTwo@h2:6380',
      'from http://[redacted]@h1/ to rediss://[redacted]@h2:6380',
    ],
    [
      'an echoed request line',
      'Cannot POST /hooks/x?sig=dummySig&sv=1.0 (500)',
      'Cannot POST /hooks/x?sig=[redacted]&sv=[redacted] (500)',
    ],
    [
      'a JSON body',
      '{"error":"bad signature","url":"https://host/x?sig=dummySig"}',
      '{"error":"bad signature","url":"https://host/x?sig=[redacted]"}',
    ],
  ])('redacts %s', (_case, text, expected) => {
    const redacted = redactUrlsIn(text);

    expect(redacted).toBe(expected);
    expect(redacted).not.toMatch(/dummy/);
  });

  it.each([
    ['connect ECONNREFUSED 127.0.0.1:6379'],
    ['webhook: cannot reach http://127.0.0.1:4000/hooks/helpdesk-guard: fetch failed'],
    ['mail helpdesk@contoso.com if this persists'],
    ['what? nothing to see'],
  ])('leaves %p as it is: nothing in it is secret', (text) => {
    expect(redactUrlsIn(text)).toBe(text);
  });
});
