/**
 * The Teams app manifest as a template: its `${{NAME}}` placeholders (Teams Toolkit
 * style), how they are filled, and the check against the official JSON schema that
 * @microsoft/app-manifest ships. Offline: the schema is read from node_modules, never
 * fetched from its $schema URL.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

export const APP_PACKAGE_DIR = join(__dirname, '..', 'appPackage');
export const MANIFEST_PATH = join(APP_PACKAGE_DIR, 'manifest.json');

/** Placeholders the manifest may use, and what each one is, for error messages. */
export const PLACEHOLDERS = {
  TEAMS_APP_ID: 'the Teams app ID (a GUID; keep it stable across releases)',
  BOT_ID: "the bot's Entra app (client) ID",
  BOT_DOMAIN: "the host name of the bot's messaging endpoint, e.g. helpdesk-guard.contoso.com",
} as const;
export type PlaceholderName = keyof typeof PLACEHOLDERS;

const PLACEHOLDER = /\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** The names of the placeholders used in a manifest template, each once. */
export const placeholdersIn = (template: string): string[] => [
  ...new Set([...template.matchAll(PLACEHOLDER)].map((match) => match[1])),
];

/**
 * Replaces every `${{NAME}}` with its value. Throws, naming all of them at once, when
 * a placeholder has no value, so a half-filled manifest is never packaged.
 */
export const fillManifest = (
  template: string,
  values: Readonly<Record<string, string | undefined>>,
): string => {
  const missing = placeholdersIn(template).filter((name) => !values[name]);
  if (missing.length > 0) {
    throw new Error(
      `manifest placeholders without a value: ${missing.map((name) => `\${{${name}}}`).join(', ')}`,
    );
  }
  // Values are JSON-escaped so that a stray quote cannot change the manifest's structure.
  return template.replace(PLACEHOLDER, (_, name: string) => JSON.stringify(values[name]).slice(1, -1));
};

const TEAMS_SCHEMAS_DIR = join(
  dirname(require.resolve('@microsoft/app-manifest/package.json')),
  'build',
  'json-schemas',
  'teams',
);

/** Released manifest schema versions shipped in @microsoft/app-manifest, oldest first. */
export const shippedSchemaVersions = (): string[] =>
  readdirSync(TEAMS_SCHEMAS_DIR)
    .filter((name) => /^v\d+\.\d+$/.test(name))
    .map((name) => name.slice(1))
    .sort((a, b) => {
      const [aMajor, aMinor] = a.split('.').map(Number);
      const [bMajor, bMinor] = b.split('.').map(Number);
      return aMajor - bMajor || aMinor - bMinor;
    });

/** The official schema for a manifest version, from node_modules. */
export const readManifestSchema = (manifestVersion: string): Record<string, unknown> => {
  if (!shippedSchemaVersions().includes(manifestVersion)) {
    throw new Error(
      `no Teams manifest schema v${manifestVersion} in @microsoft/app-manifest (has ${shippedSchemaVersions().join(', ')})`,
    );
  }
  return JSON.parse(
    readFileSync(join(TEAMS_SCHEMAS_DIR, `v${manifestVersion}`, 'MicrosoftTeams.schema.json'), 'utf8'),
  ) as Record<string, unknown>;
};

/**
 * Checks a filled manifest against the schema of its manifestVersion. Returns one
 * readable line per problem; empty when valid. The released schemas are draft-04.
 */
export const validateManifest = (manifest: unknown): string[] => {
  const version = (manifest as { manifestVersion?: unknown } | null)?.manifestVersion;
  if (typeof version !== 'string') return ['manifestVersion is missing or not a string'];
  const schema = readManifestSchema(version);
  if (!String(schema.$schema).includes('draft-04')) {
    throw new Error(
      `the v${version} manifest schema is ${String(schema.$schema)}, not draft-04: update validateManifest`,
    );
  }
  // strict: false because the official schemas use keywords ajv does not know (e.g. "deprecated").
  const ajv = new AjvDraft04({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map(
    (error) =>
      `${error.instancePath || '/'} ${error.message ?? 'is invalid'} ${JSON.stringify(error.params)}`,
  );
};
