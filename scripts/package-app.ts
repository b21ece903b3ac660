/**
 * `npm run package`: builds the Teams app package (the zip to upload in Teams or the
 * Teams admin center) at appPackage/build/appPackage.<env>.zip: manifest.json with its
 * placeholders filled from the environment, color.png and outline.png, all at the root.
 *
 *   TEAMS_APP_ID=... MicrosoftAppId=... BOT_DOMAIN=... npm run package [-- --env prod]
 *   npm run package -- --dev     dummy IDs for whatever is unset: for checks, not for upload
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import AdmZip from 'adm-zip';
import { HelpdeskGuardError, isGuardError } from '../src/errors';
import { readPngSize } from '../src/media/png-size';
import {
  APP_PACKAGE_DIR,
  fillManifest,
  PLACEHOLDERS,
  validateManifest,
  type PlaceholderName,
} from './app-manifest';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST = /^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/i;

/** Values for --dev: recognisably fake, and valid for the schema. */
export const DUMMY_VALUES: Record<PlaceholderName, string> = {
  TEAMS_APP_ID: '00000000-0000-4000-8000-00000000a991',
  BOT_ID: '00000000-0000-4000-8000-0000000000b0',
  BOT_DOMAIN: 'localhost',
};

/** Each placeholder: the environment variable that fills it, and its shape. */
const SOURCES: Record<PlaceholderName, { variable: string; valid: RegExp; shape: string }> = {
  TEAMS_APP_ID: { variable: 'TEAMS_APP_ID', valid: GUID, shape: 'a GUID' },
  BOT_ID: { variable: 'MicrosoftAppId', valid: GUID, shape: 'a GUID' },
  BOT_DOMAIN: { variable: 'BOT_DOMAIN', valid: HOST, shape: 'a host name without https:// or a path' },
};

/** The icons and the sizes Teams requires of them. */
const ICONS = [
  { file: 'color.png', size: 192 },
  { file: 'outline.png', size: 32 },
] as const;

export interface PackageOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** Fill unset values with DUMMY_VALUES instead of failing. */
  dev?: boolean;
  /** Names the zip: appPackage.<envName>.zip. */
  envName?: string;
  /** Where the manifest template and icons are; appPackage/ by default. */
  sourceDir?: string;
  /** Where the zip goes; appPackage/build/ by default. */
  outDir?: string;
}

/** Collects the placeholder values, reporting every missing or malformed one at once. */
export const placeholderValues = (
  env: Readonly<Record<string, string | undefined>>,
  dev = false,
): Record<PlaceholderName, string> => {
  const problems: string[] = [];
  const values = {} as Record<PlaceholderName, string>;
  for (const name of Object.keys(SOURCES) as PlaceholderName[]) {
    const { variable, valid, shape } = SOURCES[name];
    const value = env[variable]?.trim() || (dev ? DUMMY_VALUES[name] : undefined);
    if (!value) problems.push(`${variable} is not set: set it to ${PLACEHOLDERS[name]}`);
    else if (!valid.test(value)) problems.push(`${variable} must be ${shape} (got '${value}')`);
    else values[name] = value;
  }
  if (problems.length > 0) {
    throw new HelpdeskGuardError(
      'config_invalid',
      `Cannot build the Teams app package:\n${problems.map((problem) => `  - ${problem}`).join('\n')}\n` +
        'Or run `npm run package -- --dev` for a package with dummy IDs (for checks; Teams cannot use it).',
    );
  }
  return values;
};

/** Builds and writes the zip; returns its path. Checks the manifest and icons first. */
export const packageApp = ({
  env,
  dev = false,
  envName = dev ? 'dev' : 'production',
  sourceDir = APP_PACKAGE_DIR,
  outDir = join(APP_PACKAGE_DIR, 'build'),
}: PackageOptions): string => {
  if (!/^[a-z0-9][a-z0-9-]*$/i.test(envName)) {
    throw new HelpdeskGuardError(
      'config_invalid',
      `--env must be letters, digits and dashes (got '${envName}')`,
    );
  }
  const manifest = fillManifest(
    readFileSync(join(sourceDir, 'manifest.json'), 'utf8'),
    placeholderValues(env, dev),
  );
  const problems = validateManifest(JSON.parse(manifest));
  if (problems.length > 0) {
    throw new Error(
      `manifest.json does not match its schema:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(manifest, 'utf8'));
  for (const { file, size } of ICONS) {
    const png = readFileSync(join(sourceDir, file));
    const { width, height } = readPngSize(png);
    if (width !== size || height !== size) {
      throw new Error(
        `${file} must be ${size}x${size} pixels (is ${width}x${height}): run npx tsx scripts/make-icons.ts`,
      );
    }
    zip.addFile(file, png);
  }
  mkdirSync(outDir, { recursive: true });
  const zipPath = join(outDir, `appPackage.${envName}.zip`);
  zip.writeZip(zipPath);
  return zipPath;
};

const main = (): void => {
  const { values } = parseArgs({
    options: { dev: { type: 'boolean', default: false }, env: { type: 'string' } },
    strict: true,
  });
  try {
    const zipPath = packageApp({ env: process.env, dev: values.dev, envName: values.env });
    if (values.dev)
      console.warn('--dev: any unset ID was filled with a dummy value; do not upload this package to Teams.');
    console.log(`wrote ${zipPath}`);
  } catch (err) {
    if (!isGuardError(err)) throw err;
    console.error(err.message);
    process.exit(1);
  }
};

if (require.main === module) main();
