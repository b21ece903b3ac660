import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The home tenant of the fixtures (see ../shared/fixtures/teams/README.md). */
export const DUMMY_HOME_TENANT = '0d2f0b8e-5c3a-4e1b-9f7d-6a5b4c3d2e1f';
export const DUMMY_USER_ID = '8f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
/** The security team's channel (SECURITY_CHANNEL_ID) in the team fixtures. */
export const DUMMY_SECURITY_CHANNEL = '19:5ecurity0psChannel0000000000000a@thread.tacv2';
/** A member of SECURITY_TEAM_IDS. */
export const DUMMY_ANALYST_ID = 'f4489bcd-836b-4e0c-85b9-7f2213a127fe';
export const DUMMY_OTHER_TENANT = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

export type FixtureName =
  | 'conversation-update.personal.bot-added'
  | 'conversation-update.team.bot-added'
  | 'installation-update.personal.add'
  | 'invoke.adaptive-card-action.personal'
  | 'message.channel.mention'
  | 'message.personal.text';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Deep merge: objects merge key by key, anything else (arrays too) replaces. */
export const deepMerge = <T extends Json>(base: T, overrides: Json): T => {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    out[key] = isObject(value) && isObject(out[key]) ? deepMerge(out[key] as Json, value) : value;
  }
  return out as T;
};

/** A real-shaped Teams activity from test/fixtures/activities, with overrides deep-merged. */
export const dummyActivity = (name: FixtureName, overrides: Json = {}): Json => {
  const raw = readFileSync(join(__dirname, '..', 'fixtures', 'activities', `${name}.json`), 'utf8');
  return deepMerge(JSON.parse(raw) as Json, overrides);
};

/** Moves an activity to another tenant in both places Teams states it. */
export const inTenant = (tenantId: string): Json => ({
  conversation: { tenantId },
  channelData: { tenant: { id: tenantId } },
});
