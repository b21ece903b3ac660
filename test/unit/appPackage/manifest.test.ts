import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  APP_PACKAGE_DIR,
  fillManifest,
  MANIFEST_PATH,
  PLACEHOLDERS,
  placeholdersIn,
  shippedSchemaVersions,
  validateManifest,
} from '../../../scripts/app-manifest';
import { readPngSize } from '../../../src/media/png-size';
import { decodePng } from '../../support/decode-png';

interface CommandList {
  scopes: string[];
  commands: { title: string; description?: string }[];
}
interface Manifest {
  $schema: string;
  manifestVersion: string;
  version: string;
  id: string;
  name: { short: string };
  icons: { color: string; outline: string };
  bots: { botId: string; scopes: string[]; supportsFiles: boolean; commandLists: CommandList[] }[];
}

const dummyValues = {
  TEAMS_APP_ID: '3f6d1c2a-8b7e-4f10-9a5c-2d4e6f8a0b1c',
  BOT_ID: '9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  BOT_DOMAIN: 'helpdesk-guard.contoso.com',
};

const template = readFileSync(MANIFEST_PATH, 'utf8');
const manifest = JSON.parse(fillManifest(template, dummyValues)) as Manifest;
const bot = manifest.bots[0];
const commandsFor = (scope: string): string[] =>
  bot.commandLists
    .filter((list) => list.scopes.includes(scope))
    .flatMap((list) => list.commands.map((c) => c.title));

describe('appPackage/manifest.json', () => {
  it('matches the official Teams manifest JSON schema once its placeholders are filled', () => {
    expect(validateManifest(manifest)).toEqual([]);
  });

  it('is checked for real: a manifest that breaks the schema is reported', () => {
    const broken = { ...manifest, accentColor: 'blue', bots: [{ ...bot, botId: 'not-a-guid' }] };

    const problems = validateManifest(broken);

    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/accentColor /),
        expect.stringMatching(/^\/bots\/0\/botId /),
      ]),
    );
  });

  it('uses the newest released manifest schema shipped in @microsoft/app-manifest', () => {
    const newest = shippedSchemaVersions().at(-1);

    expect(manifest.manifestVersion).toBe(newest);
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/en-us/json-schemas/teams/v${newest}/MicrosoftTeams.schema.json`,
    );
  });

  it('uses only placeholders that `npm run package` knows how to fill', () => {
    expect(placeholdersIn(template).sort()).toEqual(Object.keys(PLACEHOLDERS).sort());
  });

  it('has the app ID and bot ID as placeholders, never a hard-coded ID', () => {
    const raw = JSON.parse(template) as Manifest;

    expect(raw.id).toBe('${{TEAMS_APP_ID}}');
    expect(raw.bots[0].botId).toBe('${{BOT_ID}}');
  });

  it('carries the version of package.json', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
      version: string;
    };

    expect(manifest.version).toBe(pkg.version);
  });

  it('offers the bot in personal chats and teams, without files', () => {
    expect(manifest.name.short).toBe('Helpdesk Guard');
    expect(bot.scopes).toEqual(expect.arrayContaining(['personal', 'team']));
    expect(bot.supportsFiles).toBe(false);
  });

  it.each(['personal', 'team'])(
    'lists help, tips, verify and report as %s commands, each described',
    (scope) => {
      expect(commandsFor(scope)).toEqual(expect.arrayContaining(['help', 'tips', 'verify', 'report']));
      const lists = bot.commandLists.filter((list) => list.scopes.includes(scope));
      for (const command of lists.flatMap((list) => list.commands)) expect(command.description).toBeTruthy();
    },
  );
});

describe('fillManifest', () => {
  it('names every placeholder that has no value', () => {
    expect(() => fillManifest(template, { BOT_DOMAIN: 'x.contoso.com' })).toThrow(
      'manifest placeholders without a value: ${{TEAMS_APP_ID}}, ${{BOT_ID}}',
    );
  });

  it('escapes values so they cannot break the JSON', () => {
    const filled = fillManifest('{"a": "${{A}}"}', { A: 'say "hi"\\' });

    expect(JSON.parse(filled)).toEqual({ a: 'say "hi"\\' });
  });
});

describe('appPackage icons', () => {
  it.each([
    ['color', 192],
    ['outline', 32],
  ] as const)('%s icon is a %ix%i PNG', (icon, size) => {
    const png = readFileSync(join(APP_PACKAGE_DIR, manifest.icons[icon]));

    expect(readPngSize(png)).toEqual({ width: size, height: size });
  });

  it('outline icon holds only white (at any opacity) on transparent, and is not empty', () => {
    const { data } = decodePng(readFileSync(join(APP_PACKAGE_DIR, manifest.icons.outline)));
    const notWhite: number[] = [];
    let opaque = 0;
    let transparent = 0;
    for (let i = 0; i < data.length; i += 4) {
      const alpha = data[i + 3];
      if (alpha === 0) transparent += 1;
      else if (data[i] !== 255 || data[i + 1] !== 255 || data[i + 2] !== 255) notWhite.push(i / 4);
      else if (alpha === 255) opaque += 1;
    }

    expect(notWhite).toEqual([]);
    expect(opaque).toBeGreaterThan(50);
    expect(transparent).toBeGreaterThan(50);
  });

  it('color icon is fully opaque, as Teams shows it on any background', () => {
    const { data } = decodePng(readFileSync(join(APP_PACKAGE_DIR, manifest.icons.color)));
    const alphas = new Set(data.filter((_, i) => i % 4 === 3));

    expect([...alphas]).toEqual([255]);
  });
});
