/**
 * The bench measures the code `npm start` runs: the compiled build in dist/ (tsc, one
 * CommonJS file per module), not the TypeScript sources under tsx, whose per-module
 * export getters and kept function names cost the scorer about a third of its speed.
 * compileBuild() compiles it as `npm start` does (its prestart script); fromBuild() loads
 * a module of it, typed by its source.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { bundleTo } from '../../support/compiled-cli';

const ROOT = join(__dirname, '..', '..', '..');
const load = createRequire(__filename);

/** The bench's bot entry as plain JavaScript, beside its source (git-ignored): see compileBuild(). */
export const BOT_ENTRY_BUNDLE = 'bot-entry.bundle.js';

/**
 * `npm run compile`, what `npm start` compiles before it runs dist/bot/index.js; then the
 * bench's bot entry (bot-entry.ts, which loads the bot from dist/) bundled into one
 * JavaScript file beside it, so that the bot under test runs on plain node like
 * production, without tsx's loader thread in its memory.
 */
export const compileBuild = (): void => {
  execFileSync('npm', ['run', '--silent', 'compile'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  bundleTo([join(__dirname, 'bot-entry.ts')], `--outfile=${join(__dirname, BOT_ENTRY_BUNDLE)}`);
};

/**
 * A module of dist/ by its source path from the repository root:
 * `fromBuild<typeof Detection>('src/detection')` with `import type * as Detection from '.../src/detection'`.
 */
export const fromBuild = <T>(sourcePath: string): T => load(join(ROOT, 'dist', sourcePath)) as T;
