import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSyslogSink } from '../../../src/events/sinks/syslog-sink';
import { freePort } from '../../setup/global-setup';
import { waitUntil } from '../../support/wait-for';
import { waitForPort } from '../../support/wait-for-port';
import { dummyEvent } from '../../unit/src/events/dummy-events';

const INSTALL = 'install rsyslog: apt-get install -y rsyslog';

/** rsyslogd from PATH, or Debian's /usr/sbin when PATH lacks sbin. */
const rsyslogd = (): string => {
  for (const candidate of ['rsyslogd', '/usr/sbin/rsyslogd']) {
    if (!spawnSync(candidate, ['-v']).error) return candidate;
  }
  throw new Error(INSTALL);
};

/** What rsyslog parsed out of each RFC 5424 message, one line each. */
const TEMPLATE = '%syslogfacility%|%syslogseverity%|%hostname%|%app-name%|%procid%|%msgid%|%msg%\\n';

describe('syslog sink against a real rsyslog', () => {
  let dir: string;
  let daemon: ChildProcess;
  let tcpPort: number;
  let udpPort: number;
  let output: string;

  beforeAll(async () => {
    const binary = rsyslogd();
    dir = mkdtempSync(join(tmpdir(), 'hg-rsyslog-'));
    tcpPort = await freePort();
    udpPort = await freePort();
    output = join(dir, 'received.log');
    writeFileSync(
      join(dir, 'rsyslog.conf'),
      [
        `global(workDirectory="${dir}")`,
        'module(load="imtcp")',
        'module(load="imudp")',
        `template(name="fields" type="string" string="${TEMPLATE}")`,
        `input(type="imtcp" address="127.0.0.1" port="${tcpPort}" ruleset="capture")`,
        `input(type="imudp" address="127.0.0.1" port="${udpPort}" ruleset="capture")`,
        `ruleset(name="capture") { action(type="omfile" file="${output}" template="fields") }`,
        '',
      ].join('\n'),
    );
    daemon = spawn(binary, ['-n', '-f', join(dir, 'rsyslog.conf'), '-i', join(dir, 'rsyslogd.pid')], {
      stdio: 'ignore',
    });
    await waitForPort(tcpPort, 10_000);
  });

  afterAll(async () => {
    if (daemon && daemon.exitCode === null) {
      const exited = new Promise((resolve) => daemon.once('exit', resolve));
      daemon.kill('SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const lines = (): string[] =>
    existsSync(output) ? readFileSync(output, 'utf8').split('\n').filter(Boolean) : [];

  it('delivers octet-counted RFC 5424 messages over TCP that rsyslog parses field by field', async () => {
    const sink = createSyslogSink(
      { protocol: 'tcp', host: '127.0.0.1', port: tcpPort },
      { timeoutMs: 5_000, host: 'bot-1' },
    );
    const first = dummyEvent({
      Severity: 'High',
      SenderDisplayName: 'IT Help|desk = "official"\nsecond line',
    });
    const second = dummyEvent({ EventType: 'WarningDelivered', Severity: 'Informational' });

    await sink.send([first, second]);
    await waitUntil(
      () => lines().some((line) => line.includes(second.EventId)),
      'both messages in the rsyslog output',
    );
    await sink.close?.();

    const [one, two] = lines().filter(
      (line) => line.includes(first.EventId) || line.includes(second.EventId),
    );
    const [facility, severity, host, app, procId, msgId, msg] = one.split('|', 7);
    expect({ facility, severity, host, app, procId, msgId }).toEqual({
      facility: '13',
      severity: '3',
      host: 'bot-1',
      app: 'helpdesk-guard',
      procId: String(process.pid),
      msgId: 'FirstContactDetected',
    });
    const cef = one.slice(one.indexOf(msg));
    expect(cef.trimStart().startsWith('CEF:0|Helpdesk Guard|Helpdesk Guard|1.0|FirstContactDetected|')).toBe(
      true,
    );
    expect(cef).toContain(`externalId=${first.EventId}`);
    expect(cef).toContain('cs2=IT Help|desk \\= "official"\\nsecond line');
    expect(two).toContain('|6|bot-1|helpdesk-guard|');
  });

  it('sends one datagram per event over UDP', async () => {
    const sink = createSyslogSink(
      { protocol: 'udp', host: '127.0.0.1', port: udpPort },
      { timeoutMs: 5_000, host: 'bot-2' },
    );
    const event = dummyEvent({ EventType: 'ChatReported' });

    await sink.send([event]);
    await waitUntil(
      () => lines().some((line) => line.includes(event.EventId)),
      'the UDP message in the rsyslog output',
    );
    await sink.close?.();

    expect(lines().find((line) => line.includes(event.EventId))).toContain('|bot-2|helpdesk-guard|');
  });

  it('fails retryably when nothing listens', async () => {
    const sink = createSyslogSink(
      { protocol: 'tcp', host: '127.0.0.1', port: await freePort() },
      { timeoutMs: 2_000 },
    );

    const err = await sink.send([dummyEvent()]).then(
      () => undefined,
      (failure: { retryable: boolean; message: string }) => failure,
    );

    expect(err).toMatchObject({
      retryable: true,
      message: expect.stringContaining('cannot send to tcp://127.0.0.1:'),
    });
  });
});
