import { Writable } from 'node:stream';
import type { AdapterOverrides } from '../../bot/adapter';
import { startBot, type RunningBot } from '../../bot/index';
import { DEFAULT_PROFILE, type HelpdeskProfile } from '../../src/config/helpdesk-profile';
import { loadConfig, type Env } from '../../src/config/load-config';
import type { EventInput } from '../../src/events/schema';
import type { GraphTokenProvider } from '../../src/graph';
import { createLogger } from '../../src/log/logger';
import { DUMMY_HOME_TENANT } from './activities';

/** Bots started by this jest worker so far. */
let testBots = 0;

export interface TestBot extends RunningBot {
  url: string;
  events: EventInput[];
  /** Every log line the bot wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
}

export interface TestBotOptions {
  profile?: HelpdeskProfile;
  /** Where tokens are checked (a local OpenID provider). */
  adapter?: AdapterOverrides;
  /** Graph tokens (a fake Graph's); Graph is off without them in local mode. */
  graphTokens?: GraphTokenProvider;
  /** 'pipeline': the real event pipeline from env (sinks), instead of recording events here. */
  events?: 'record' | 'pipeline';
  /** A fixed port (when a URL the bot is given must name it); a free one by default. */
  port?: number;
}

/** Starts the real bot (restify + teams-ai) on a free loopback port with the given env. */
export const startTestBot = async (env: Env = {}, options: TestBotOptions = {}): Promise<TestBot> => {
  const {
    profile = DEFAULT_PROFILE,
    adapter,
    graphTokens,
    events: eventsMode = 'record',
    port = 0,
  } = options;
  // Bots of one test share a Redis as replicas do, so each has an ID of its own (REPLICA_ID).
  testBots += 1;
  const config = loadConfig({
    PORT: '1',
    HOME_TENANT_ID: DUMMY_HOME_TENANT,
    REPLICA_ID: `test-${process.pid}-${testBots}`,
    ...env,
  });
  const logs: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  const log = createLogger({ level: 'debug', destination });
  const events: EventInput[] = [];
  // Port 0: the OS picks a free one (config validation wants a real port, hence the spread).
  const bot = await startBot({
    config: { ...config, port },
    profile,
    log,
    events: eventsMode === 'record' ? { emit: async (input) => void events.push(input) } : undefined,
    host: '127.0.0.1',
    adapter,
    graphTokens,
  });
  const url = `http://127.0.0.1:${bot.port}`;
  return {
    ...bot,
    url,
    events,
    logs,
    post: (path, body, headers = {}) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
  };
};
