import { hostname } from 'node:os';
import { z } from 'zod';
import { HelpdeskGuardError } from '../errors';
import { redactUrl, redactUrlsIn } from '../log/redact-url';
import { redisUrlProblem } from '../store/redis-url';
import { parseEventsEnv, type EventsConfig } from './events-config';
import { parseGraphNotificationsEnv, type GraphNotificationsConfig } from './graph-config';
import { parseInboundEnv, type InboundConfig } from './inbound-config';

/**
 * The local defaults match .m365agentsplayground.yml, so `npm start` + `npm run playground`
 * work together with nothing configured.
 */
export const LOCAL_TENANT_ID = '17525e5d-3138-47d7-8a3f-3cc5f71bf537';
export const LOCAL_VERIFICATION_SECRET = 'local-only-verification-secret-change-me';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const idList = (what: string) =>
  z
    .string()
    .optional()
    .transform((raw) =>
      (raw ?? '')
        .split(',')
        .map((id) => id.trim().toLowerCase())
        .filter((id) => id.length > 0),
    )
    .refine((ids) => ids.every((id) => GUID.test(id)), {
      message: `must be a comma-separated list of ${what} (GUIDs like 0d2f0b8e-1c7a-4d55-9a32-6f0c1b2e3d4f)`,
    });

const guid = z.string().trim().regex(GUID, 'must be a GUID like 0d2f0b8e-1c7a-4d55-9a32-6f0c1b2e3d4f');

const positiveInt = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw.trim() === '') return fallback;
      const value = Number(raw);
      if (!Number.isInteger(value) || value <= 0) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `must be a whole number above 0 (got '${raw}')`,
        });
        return z.NEVER;
      }
      return value;
    });

/** Hours as a whole number, 0 included (0 turns the feature off). */
const hours = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw.trim() === '') return fallback;
      const value = Number(raw);
      if (!Number.isInteger(value) || value < 0 || value > 24 * 30) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `must be a whole number of hours from 0 (off) to 720 (got '${raw}')`,
        });
        return z.NEVER;
      }
      return value;
    });

const optionalString = z
  .string()
  .optional()
  .transform((raw) => (raw === undefined || raw.trim() === '' ? undefined : raw.trim()));

/** Every environment variable the service reads, by its documented name. */
export const envSchema = z.object({
  NODE_ENV: optionalString,
  PORT: positiveInt(3978).refine((port) => port < 65536, 'must be a TCP port (1-65535)'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .optional()
    .default('info'),
  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  MicrosoftAppTenantId: optionalString.pipe(guid.optional()),
  HOME_TENANT_ID: optionalString.pipe(guid.optional()),
  TRUSTED_TENANT_IDS: idList('tenant IDs'),
  // One server, a Cluster or a Sentinel set: its forms and their check are src/store/redis-url.ts's,
  // which connectRedis reads too. The problem is described, never the value (it holds a password).
  REDIS_URL: optionalString.pipe(
    z
      .string()
      .superRefine((raw, ctx) => {
        const problem = redisUrlProblem(raw);
        if (problem !== undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
      })
      .optional(),
  ),
  SIGNAL_WEBHOOK_SECRET: optionalString.pipe(
    z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -hex 32)').optional(),
  ),
  HELPDESK_STAFF_IDS: idList('Entra object IDs'),
  HELPDESK_STAFF_GROUP_ID: optionalString.pipe(guid.optional()),
  SECURITY_CHANNEL_ID: optionalString.pipe(
    z
      .string()
      .regex(/^19:.+@thread\.(tacv2|skype)$/, 'must be a Teams channel ID like 19:abc...@thread.tacv2')
      .optional(),
  ),
  SECURITY_TEAM_IDS: idList('Entra object IDs'),
  HELPDESK_PROFILE_FILE: optionalString,
  VERIFICATION_SECRET: optionalString.pipe(
    z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -hex 32)').optional(),
  ),
  GRAPH_ENDPOINT: optionalString.pipe(
    z.string().url('must be a URL like https://graph.microsoft.com').optional(),
  ),
  GRAPH_AUTHORITY_HOST: optionalString.pipe(
    z.string().url('must be a URL like https://login.microsoftonline.com').optional(),
  ),
  GRAPH_CLIENT_CERTIFICATE_FILE: optionalString,
  TEAMS_APP_CATALOG_ID: optionalString.pipe(guid.optional()),
  HUNTING_ENABLED: z
    .enum(['true', 'false', ''], { message: "must be 'true' or 'false'" })
    .optional()
    .transform((raw) => raw === 'true'),
  HUNTING_INTERVAL_SECONDS: positiveInt(300),
  HUNTING_INGESTION_DELAY_SECONDS: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw.trim() === '') return 120;
      const value = Number(raw);
      if (!Number.isInteger(value) || value < 0) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `must be a whole number of seconds, 0 or more (got '${raw}')`,
        });
        return z.NEVER;
      }
      return value;
    }),
  HUNTING_REMOTE_TOOLS: optionalString.transform((raw) =>
    raw === undefined
      ? undefined
      : raw
          .split(',')
          .map((name) => name.trim())
          .filter((name) => name.length > 0),
  ),
  HUNTING_MAIL_FLOOD_THRESHOLD: positiveInt(50),
  HELPDESK_PHRASE_ENABLED: z
    .enum(['true', 'false', ''], { message: "must be 'true' or 'false'" })
    .optional()
    .transform((raw) => raw === 'true'),
  HELPDESK_PHRASE_ROTATION_HOURS: positiveInt(24),
  DETECTION_THRESHOLD: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      // Unset: the profile's detection.threshold, else the detector's default (0.5).
      if (raw === undefined || raw.trim() === '') return undefined;
      const value = Number(raw);
      if (!(value > 0 && value <= 1)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be a number in (0, 1] (got '${raw}')` });
        return z.NEVER;
      }
      return value;
    }),
  SSO_CONNECTION_NAME: optionalString.pipe(
    z
      .string()
      .regex(/^[\w .-]{1,128}$/, 'must be the name of an OAuth connection setting of the Azure Bot resource')
      .optional(),
  ),
  BOT_OAUTH_URL: optionalString.pipe(
    z.string().url('must be a URL like https://token.botframework.com').optional(),
  ),
  CAMPAIGN_MIN_USERS: positiveInt(3),
  CAMPAIGN_WINDOW_MINUTES: positiveInt(60),
  TENANT_SEND_RATE: positiveInt(50),
  NUDGE_AFTER_HOURS: hours(24),
  MAX_BODY_BYTES: positiveInt(256 * 1024),
  REPLICA_ID: optionalString.pipe(
    z
      .string()
      .regex(/^[\w.-]{1,64}$/, 'must be 1 to 64 letters, digits, dots, dashes or underscores (e.g. bot-0)')
      .optional(),
  ),
  QUEUE_CLAIM_IDLE_SECONDS: positiveInt(10),
  PUBLIC_BASE_URL: optionalString,
});

export type Env = Record<string, string | undefined>;

/** What each setting is for, so an error can say how to fix it. */
const HINTS: Record<string, string> = {
  HOME_TENANT_ID: 'set HOME_TENANT_ID to your Entra tenant ID',
  MicrosoftAppId: "set MicrosoftAppId to the bot's Entra app (client) ID",
  MicrosoftAppPassword: "set MicrosoftAppPassword to the bot app's client secret",
  VERIFICATION_SECRET: 'set VERIFICATION_SECRET to a random value of 32+ characters (openssl rand -hex 32)',
};

export interface AppConfig {
  production: boolean;
  port: number;
  logLevel: string;
  /** Undefined = local mode: no Bot Framework authentication. */
  bot?: {
    appId: string;
    appPassword?: string;
    appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    appTenantId?: string;
  };
  homeTenantId: string;
  trustedTenantIds: readonly string[];
  redisUrl?: string;
  signalWebhookSecret?: string;
  helpdeskStaffIds: readonly string[];
  helpdeskStaffGroupId?: string;
  securityChannelId?: string;
  securityTeamIds: readonly string[];
  helpdeskProfileFile?: string;
  verificationSecret: string;
  /** The rotating phrase for phone calls; off unless HELPDESK_PHRASE_ENABLED=true. */
  phrase: { enabled: boolean; rotationHours: number };
  /** DETECTION_THRESHOLD; when unset the profile's detection.threshold, else 0.5, applies. */
  detectionThreshold?: number;
  campaign: { minUsers: number; windowMinutes: number };
  /**
   * Teams single sign-on for the analyst's actions that need a delegated Graph token
   * (removing chats): the Azure Bot's OAuth connection (SSO_CONNECTION_NAME) and the Bot
   * Framework Token Service that holds it (BOT_OAUTH_URL, the SDK's public one by default).
   */
  sso: { connectionName?: string; tokenServiceUrl?: string };
  tenantSendRate: number;
  /** NUDGE_AFTER_HOURS: a lesson this long after a warning nobody tapped; 0 is off. */
  nudgeAfterHours: number;
  /** This process among the replicas on one Redis. */
  replica: {
    /**
     * Its consumer name in every queue and outbox group: stable across restarts, unique
     * among live replicas (REPLICA_ID, else the host name; a pod's name in Kubernetes).
     */
    id: string;
    /** How long a job may go unextended before another replica takes it over. */
    claimIdleMs: number;
  };
  maxBodyBytes: number;
  /** The per-address rate limit of the public routes (src/config/inbound-config.ts). */
  inbound: InboundConfig;
  /**
   * Microsoft Graph, used with the bot's own credentials: staff groups, UPN lookup and
   * installing the app for users who have not (with `teamsAppCatalogId`).
   */
  graph: {
    endpoint: string;
    teamsAppCatalogId?: string;
    /** The Entra authority for tokens; the global cloud's by default (tests point it at a local server). */
    authorityHost?: string;
    /** A PEM certificate (with its private key) to get Graph tokens with instead of the client secret. */
    clientCertificateFile?: string;
    /** Change notifications on the tenant's chats; off unless GRAPH_NOTIFICATION_URL is set (src/config/graph-config.ts). */
    notifications?: GraphNotificationsConfig;
  };
  /**
   * Defender advanced hunting (HUNTING_ENABLED=true): the poller's interval, the remote
   * tools it escalates, the messages per 15 minutes that make a mail flood.
   */
  hunting: {
    enabled: boolean;
    intervalSeconds: number;
    /** How long Defender takes to make rows queryable: windows end this long before now. */
    ingestionDelaySeconds: number;
    remoteTools?: readonly string[];
    mailFloodThreshold: number;
  };
  /** Event sinks and delivery tuning (src/config/events-config.ts). */
  events: EventsConfig;
  /**
   * The bot's public HTTPS origin (PUBLIC_BASE_URL, no trailing slash): cards show pictures
   * from `<publicBaseUrl>/media/<hash>.png`. Undefined: cards carry them as data: URIs.
   */
  publicBaseUrl?: string;
}

const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
};

/**
 * Reads and validates the environment once. Every problem is reported in one error
 * (code config_invalid) that names the setting and the fix. The only reader of process.env.
 */
export const loadConfig = (env: Env = process.env): AppConfig => {
  const parsed = envSchema.safeParse(env);
  const events = parseEventsEnv(env);
  const inbound = parseInboundEnv(env);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`)),
    ...events.problems,
    ...inbound.problems,
  ];
  if (!parsed.success) throw configError(problems);
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const graphNotifications = parseGraphNotificationsEnv(env, production);
  problems.push(...graphNotifications.problems);

  if (e.MicrosoftAppId && !e.MicrosoftAppPassword && e.MicrosoftAppType !== 'UserAssignedMSI') {
    problems.push(`MicrosoftAppPassword is missing: ${HINTS.MicrosoftAppPassword}`);
  }
  if (e.MicrosoftAppType === 'SingleTenant' && !e.MicrosoftAppTenantId) {
    problems.push('MicrosoftAppTenantId is missing: a SingleTenant bot needs its tenant ID');
  }
  // Otherwise the Bot Framework SDK stops the bot at start with an assertion (exit 1).
  if (e.MicrosoftAppType === 'UserAssignedMSI') {
    if (!e.MicrosoftAppId)
      problems.push(
        "MicrosoftAppId is missing: a UserAssignedMSI bot needs the managed identity's client ID",
      );
    if (!e.MicrosoftAppTenantId)
      problems.push('MicrosoftAppTenantId is missing: a UserAssignedMSI bot needs its tenant ID');
    if (e.MicrosoftAppPassword)
      problems.push(
        'MicrosoftAppPassword must be unset with UserAssignedMSI: the managed identity has no secret',
      );
  }
  const publicBaseUrl = publicBaseUrlOf(e.PUBLIC_BASE_URL, production, problems);
  if (production) {
    for (const name of ['MicrosoftAppId', 'HOME_TENANT_ID', 'VERIFICATION_SECRET'] as const) {
      if (!e[name]) problems.push(`${name} is required in production: ${HINTS[name]}`);
    }
    // With an app ID the missing password was reported above; without one, say it here too.
    if (!e.MicrosoftAppId && !e.MicrosoftAppPassword && e.MicrosoftAppType !== 'UserAssignedMSI') {
      problems.push(`MicrosoftAppPassword is required in production: ${HINTS.MicrosoftAppPassword}`);
    }
  }
  if (problems.length > 0) throw configError(problems);

  return deepFreeze({
    production,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    bot: e.MicrosoftAppId
      ? {
          appId: e.MicrosoftAppId,
          appPassword: e.MicrosoftAppPassword,
          appType: e.MicrosoftAppType ?? 'MultiTenant',
          appTenantId: e.MicrosoftAppTenantId,
        }
      : undefined,
    homeTenantId: (e.HOME_TENANT_ID ?? LOCAL_TENANT_ID).toLowerCase(),
    trustedTenantIds: e.TRUSTED_TENANT_IDS,
    redisUrl: e.REDIS_URL,
    signalWebhookSecret: e.SIGNAL_WEBHOOK_SECRET,
    helpdeskStaffIds: e.HELPDESK_STAFF_IDS,
    helpdeskStaffGroupId: e.HELPDESK_STAFF_GROUP_ID,
    securityChannelId: e.SECURITY_CHANNEL_ID,
    securityTeamIds: e.SECURITY_TEAM_IDS,
    helpdeskProfileFile: e.HELPDESK_PROFILE_FILE,
    verificationSecret: e.VERIFICATION_SECRET ?? LOCAL_VERIFICATION_SECRET,
    phrase: { enabled: e.HELPDESK_PHRASE_ENABLED, rotationHours: e.HELPDESK_PHRASE_ROTATION_HOURS },
    detectionThreshold: e.DETECTION_THRESHOLD,
    campaign: { minUsers: e.CAMPAIGN_MIN_USERS, windowMinutes: e.CAMPAIGN_WINDOW_MINUTES },
    sso: { connectionName: e.SSO_CONNECTION_NAME, tokenServiceUrl: e.BOT_OAUTH_URL },
    tenantSendRate: e.TENANT_SEND_RATE,
    nudgeAfterHours: e.NUDGE_AFTER_HOURS,
    replica: {
      id:
        e.REPLICA_ID ??
        hostname()
          .replace(/[^\w.-]/g, '-')
          .slice(0, 64),
      claimIdleMs: e.QUEUE_CLAIM_IDLE_SECONDS * 1_000,
    },
    maxBodyBytes: e.MAX_BODY_BYTES,
    inbound: inbound.config,
    graph: {
      endpoint: e.GRAPH_ENDPOINT ?? 'https://graph.microsoft.com',
      teamsAppCatalogId: e.TEAMS_APP_CATALOG_ID,
      authorityHost: e.GRAPH_AUTHORITY_HOST,
      clientCertificateFile: e.GRAPH_CLIENT_CERTIFICATE_FILE,
      notifications: graphNotifications.config,
    },
    hunting: {
      enabled: e.HUNTING_ENABLED,
      intervalSeconds: e.HUNTING_INTERVAL_SECONDS,
      ingestionDelaySeconds: e.HUNTING_INGESTION_DELAY_SECONDS,
      remoteTools: e.HUNTING_REMOTE_TOOLS,
      mailFloodThreshold: e.HUNTING_MAIL_FLOOD_THRESHOLD,
    },
    events: events.config,
    publicBaseUrl,
  });
};

/**
 * PUBLIC_BASE_URL: an https:// origin (http:// only for a loopback host outside production,
 * as GRAPH_NOTIFICATION_URL), given without a path since /media/ hangs off the root.
 */
const publicBaseUrlOf = (raw: string | undefined, production: boolean, problems: string[]) => {
  if (raw === undefined) return undefined;
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  const loopback = url !== undefined && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  const schemeOk = url?.protocol === 'https:' || (url?.protocol === 'http:' && loopback && !production);
  if (!url || !schemeOk || url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    problems.push(
      `PUBLIC_BASE_URL must be the bot's public HTTPS origin, like https://helpdesk-guard.contoso.com (got '${redactUrl(raw)}')`,
    );
    return undefined;
  }
  return url.origin;
};

/** The one error for every problem; any URL quoted in a problem is redacted once more, to be sure. */
const configError = (problems: string[]): HelpdeskGuardError =>
  new HelpdeskGuardError(
    'config_invalid',
    `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
      problems.map((problem) => `  - ${redactUrlsIn(problem)}`).join('\n'),
  );
