import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, isIPv6, type Socket } from 'node:net';
import type { SyslogConfig } from '../../config/events-config';
import type { HelpdeskEvent } from '../schema';
import { formatSyslogMessage, frameOctetCounted } from './cef-format';
import { type EventSink, SinkError } from './sink';

export interface SyslogSinkOptions {
  timeoutMs: number;
  /** The HOSTNAME field; os.hostname() by default. */
  host?: string;
}

/**
 * SYSLOG_TARGET: CEF records in RFC 5424 messages. Over TCP with octet-counting framing
 * (RFC 6587), on one kept-open connection that is reopened after an error; over UDP one
 * datagram per event (fire and forget, as UDP syslog is).
 */
export const createSyslogSink = (config: SyslogConfig, options: SyslogSinkOptions): EventSink => {
  const where = `${config.protocol}://${config.host}:${config.port}`;
  let tcp: Promise<Socket> | undefined;
  let udp: UdpSocket | undefined;

  const openTcp = (): Promise<Socket> => {
    tcp ??= new Promise<Socket>((resolve, reject) => {
      const socket = connect({ host: config.host, port: config.port });
      socket.setTimeout(options.timeoutMs, () =>
        socket.destroy(new Error(`no progress within ${options.timeoutMs} ms`)),
      );
      socket.once('connect', () => resolve(socket));
      socket.once('error', reject);
      // Any end of the connection means the next send opens a new one.
      socket.once('close', () => {
        tcp = undefined;
      });
    });
    return tcp;
  };

  const sendTcp = async (payload: string): Promise<void> => {
    const socket = await openTcp();
    await new Promise<void>((resolve, reject) => {
      socket.write(payload, 'utf8', (err) => (err ? reject(err) : resolve()));
    });
  };

  const sendUdp = async (messages: string[]): Promise<void> => {
    udp ??= createSocket(isIPv6(config.host) ? 'udp6' : 'udp4');
    const socket = udp;
    for (const message of messages) {
      await new Promise<void>((resolve, reject) => {
        socket.send(message, config.port, config.host, (err) => (err ? reject(err) : resolve()));
      });
    }
  };

  return {
    name: 'syslog',
    async send(events: readonly HelpdeskEvent[]): Promise<void> {
      const messages = events.map((event) => formatSyslogMessage(event, { host: options.host }));
      try {
        if (config.protocol === 'tcp') await sendTcp(messages.map(frameOctetCounted).join(''));
        else await sendUdp(messages);
      } catch (err) {
        // Drop the connection: a half-written frame would corrupt the next one.
        const pending = tcp;
        tcp = undefined;
        // A connection that never opened has nothing to destroy; its error is the one thrown below.
        void pending?.then(
          (socket) => socket.destroy(),
          () => undefined,
        );
        throw new SinkError(`syslog: cannot send to ${where}: ${(err as Error).message}`, {
          retryable: true,
          cause: err,
        });
      }
    },
    async close(): Promise<void> {
      const pending = tcp;
      tcp = undefined;
      udp?.close();
      udp = undefined;
      if (!pending) return;
      // A connection that never opened was reported by the send that tried it.
      const socket = await pending.catch(() => undefined);
      if (socket) await new Promise<void>((resolve) => socket.end(resolve));
    },
  };
};
