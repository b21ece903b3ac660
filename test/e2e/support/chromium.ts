import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

/** Debian's Chromium; never a browser downloaded by Playwright. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface RunningBrowser {
  page: Page;
  close(): Promise<void>;
}

/** Fails (never skips) when Chromium is missing, with the command that installs it. */
export const assertChromiumInstalled = (): void => {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} not found: install chromium: apt-get install -y chromium`);
  }
};

/** Headless Chromium with a throwaway profile, and one page. */
export const launchChromium = async (): Promise<RunningBrowser> => {
  assertChromiumInstalled();
  const profileDir = mkdtempSync(join(tmpdir(), 'hg-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
    });
  } catch (err) {
    rmSync(profileDir, { recursive: true, force: true });
    throw err;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    close: async () => {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
};

/**
 * A screenshot of everything the conversation pane holds: the playground scrolls inside
 * that pane, so `fullPage` shows no more than the viewport; the viewport grows for the
 * shot instead, and is put back after it. With `focus`, the pane is scrolled to show it
 * (a card the bot replaced in place may be far above the latest message).
 */
export const screenshotTall = async (
  page: Page,
  path: string,
  { height = 1600, focus }: { height?: number; focus?: Locator } = {},
): Promise<void> => {
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: viewport?.width ?? 1280, height });
  try {
    if (focus) await focus.scrollIntoViewIfNeeded();
    await page.screenshot({ path });
  } finally {
    if (viewport) await page.setViewportSize(viewport);
  }
};
