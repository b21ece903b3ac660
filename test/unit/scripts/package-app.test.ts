import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { APP_PACKAGE_DIR, validateManifest } from '../../../scripts/app-manifest';
import { DUMMY_VALUES, packageApp } from '../../../scripts/package-app';
import { isGuardError } from '../../../src/errors';

const dummyEnv = {
  TEAMS_APP_ID: '3f6d1c2a-8b7e-4f10-9a5c-2d4e6f8a0b1c',
  MicrosoftAppId: '9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  BOT_DOMAIN: 'helpdesk-guard.contoso.com',
};

let outDir: string;
beforeEach(() => {
  outDir = mkdtempSync(join(tmpdir(), 'hg-package-'));
});
afterEach(() => {
  rmSync(outDir, { recursive: true, force: true });
});

const unzip = (zipPath: string): Map<string, Buffer> =>
  new Map(new AdmZip(zipPath).getEntries().map((entry) => [entry.entryName, entry.getData()]));

const thrown = (run: () => unknown): unknown => {
  try {
    run();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
};

describe('packageApp', () => {
  it('writes appPackage.<env>.zip with the manifest and both icons at its root', () => {
    const zipPath = packageApp({ env: dummyEnv, envName: 'staging', outDir });

    expect(zipPath).toBe(join(outDir, 'appPackage.staging.zip'));
    expect([...unzip(zipPath).keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
  });

  it('fills the placeholders from TEAMS_APP_ID, MicrosoftAppId and BOT_DOMAIN', () => {
    const entries = unzip(packageApp({ env: dummyEnv, outDir }));
    const text = entries.get('manifest.json')?.toString('utf8') ?? '';
    const manifest = JSON.parse(text) as {
      id: string;
      bots: { botId: string }[];
      validDomains: string[];
      webApplicationInfo: { id: string; resource: string };
    };

    expect(text).not.toContain('${{');
    expect(manifest.id).toBe(dummyEnv.TEAMS_APP_ID);
    expect(manifest.bots[0].botId).toBe(dummyEnv.MicrosoftAppId);
    expect(manifest.webApplicationInfo.id).toBe(dummyEnv.MicrosoftAppId);
    // The Application ID URI Teams asks single sign-on tokens for (the analysts' chat removal).
    expect(manifest.webApplicationInfo.resource).toBe(`api://botid-${dummyEnv.MicrosoftAppId}`);
    expect(manifest.validDomains).toEqual([dummyEnv.BOT_DOMAIN]);
    expect(validateManifest(manifest)).toEqual([]);
  });

  it('copies the icons byte for byte', () => {
    const entries = unzip(packageApp({ env: dummyEnv, outDir }));

    for (const icon of ['color.png', 'outline.png']) {
      expect(entries.get(icon)?.equals(readFileSync(join(APP_PACKAGE_DIR, icon)))).toBe(true);
    }
  });

  it('refuses, naming every missing variable and the fix, and writes nothing', () => {
    const err = thrown(() => packageApp({ env: {}, outDir }));

    expect(isGuardError(err, 'config_invalid')).toBe(true);
    expect((err as Error).message).toMatch(/TEAMS_APP_ID is not set/);
    expect((err as Error).message).toMatch(/MicrosoftAppId is not set/);
    expect((err as Error).message).toMatch(/BOT_DOMAIN is not set/);
    expect((err as Error).message).toContain('--dev');
    expect(existsSync(join(outDir, 'appPackage.production.zip'))).toBe(false);
  });

  it.each([
    ['TEAMS_APP_ID', 'my-app', /TEAMS_APP_ID must be a GUID \(got 'my-app'\)/],
    ['MicrosoftAppId', '1234', /MicrosoftAppId must be a GUID \(got '1234'\)/],
    ['BOT_DOMAIN', 'https://bot.contoso.com/api', /BOT_DOMAIN must be a host name/],
  ])('refuses a malformed %s', (variable, value, message) => {
    expect(() => packageApp({ env: { ...dummyEnv, [variable]: value }, outDir })).toThrow(message);
  });

  it('with dev, fills unset values with dummy IDs and names the zip dev', () => {
    const zipPath = packageApp({ env: { BOT_DOMAIN: 'abc123.devtunnels.ms' }, dev: true, outDir });
    const manifest = JSON.parse(unzip(zipPath).get('manifest.json')?.toString('utf8') ?? '{}') as {
      id: string;
      validDomains: string[];
    };

    expect(zipPath).toBe(join(outDir, 'appPackage.dev.zip'));
    expect(manifest.id).toBe(DUMMY_VALUES.TEAMS_APP_ID);
    expect(manifest.validDomains).toEqual(['abc123.devtunnels.ms']);
  });

  it('refuses an env name that would escape the output folder', () => {
    expect(() => packageApp({ env: dummyEnv, envName: '../x', outDir })).toThrow(/--env must be/);
  });
});

describe('npm run package (the CLI)', () => {
  it('exits 1 with the list of missing variables when nothing is set', () => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
    const tsx = join(__dirname, '..', '..', '..', 'node_modules', '.bin', 'tsx');

    const run = spawnSync(tsx, [join(__dirname, '..', '..', '..', 'scripts', 'package-app.ts')], {
      env,
      encoding: 'utf8',
      timeout: 15_000,
    });

    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Cannot build the Teams app package');
    expect(run.stderr).toContain('TEAMS_APP_ID is not set');
  });
});
