import type { Server } from 'restify';
import type { HelpdeskProfile } from '../src/config/helpdesk-profile';
import type { AppConfig } from '../src/config/load-config';
import type { EventPublisher } from '../src/events';
import type { GraphTokenProvider } from '../src/graph';
import type { Logger } from '../src/log/logger';
import type { Stores } from '../src/store/stores';
import type { AdapterOverrides } from './adapter';

/** What startBot is given: bot/index.ts passes config, profile and log; tests add fakes. */
export interface StartOptions {
  config: AppConfig;
  profile: HelpdeskProfile;
  log: Logger;
  /** Replaces the event pipeline (tests record events); built from config.events otherwise. */
  events?: EventPublisher;
  /** Bind address; all interfaces by default. */
  host?: string;
  adapter?: AdapterOverrides;
  /** Graph tokens; from the bot's credentials otherwise (tests pass a fake's). */
  graphTokens?: GraphTokenProvider;
}

/** A listening bot. */
export interface RunningBot {
  port: number;
  server: Server;
  stores: Stores;
  /** Hands the nudges due at `now` to the notification queue now (the worker does so every 30 s). */
  forwardNudges(now?: number): Promise<number>;
  stop(): Promise<void>;
}
