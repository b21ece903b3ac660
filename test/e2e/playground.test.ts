/**
 * End to end: the bot (in this process, local mode, memory stores) and the
 * M365 Agents Playground (a child process) driven by headless Debian Chromium, asserting
 * what a user sees in the personal chat.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { startBot, type RunningBot } from '../../bot/index';
import { runSimulate } from '../../src/cli/simulate-command';
import { DEFAULT_PROFILE } from '../../src/config/helpdesk-profile';
import { LOCAL_TENANT_ID, loadConfig } from '../../src/config/load-config';
import { createLogger } from '../../src/log/logger';
import { freePort } from '../setup/global-setup';
import {
  cardsWith,
  renderedMessagesWith,
  REPLY_TIMEOUT_MS,
  sendMessage,
  waitForDelivered,
} from './support/chat';
import { assertChromiumInstalled, launchChromium, type RunningBrowser } from './support/chromium';
import { PLAYGROUND_CONFIG, startPlayground, type RunningPlayground } from './support/playground';

/** Kept after the run (pass or fail) to see what the page showed. */
const SCREENSHOT = join(tmpdir(), 'helpdesk-guard-e2e.png');
const WELCOME_TITLE = 'Helpdesk Guard: is that really';
const WEBHOOK_SECRET = 'e2e-webhook-secret-0123456789abcdef0123';
/** The playground's current user (.m365agentsplayground.yml). */
const ADELE = '414973bc-ef0d-4a2f-8e63-47bf06945218';

let bot: RunningBot | undefined;
let playground: RunningPlayground | undefined;
let browser: RunningBrowser | undefined;

const page = () => {
  if (!browser) throw new Error('the browser did not start (see beforeAll)');
  return browser.page;
};

beforeAll(async () => {
  assertChromiumInstalled();
  // No HOME_TENANT_ID: the bot serves LOCAL_TENANT_ID, which is the playground's tenant.
  const config = loadConfig({
    PORT: String(await freePort()),
    LOG_LEVEL: 'silent',
    SIGNAL_WEBHOOK_SECRET: WEBHOOK_SECRET,
  });
  bot = await startBot({
    config,
    profile: DEFAULT_PROFILE,
    log: createLogger({ level: 'silent' }),
    events: { emit: async () => undefined },
    host: '127.0.0.1',
  });
  playground = await startPlayground({
    appEndpoint: `http://127.0.0.1:${bot.port}/api/messages`,
    port: await freePort(),
  });
  browser = await launchChromium();
  // Not 'load': the page also asks a CDN for fonts, which may be unreachable here.
  await browser.page.goto(playground.url, { waitUntil: 'domcontentloaded' });
}, 60_000);

afterAll(async () => {
  const steps: [string, (() => Promise<unknown>) | undefined][] = [
    ['screenshot', browser && (() => browser!.page.screenshot({ path: SCREENSHOT, fullPage: true }))],
    ['browser', browser?.close],
    ['playground', playground?.stop],
    ['bot', bot?.stop],
  ];
  const failures: string[] = [];
  for (const [name, step] of steps) {
    if (!step) continue;
    try {
      await step();
    } catch (err) {
      failures.push(`${name}: ${String(err)}`);
    }
  }
  if (failures.length > 0) throw new Error(`cleanup failed:\n${failures.join('\n')}`);
}, 30_000);

describe('Helpdesk Guard in the M365 Agents Playground', () => {
  it("uses the bot's local home tenant, so the bot answers the playground", () => {
    const tenantId = /^tenantId:\s*(\S+)\s*$/m.exec(readFileSync(PLAYGROUND_CONFIG, 'utf8'))?.[1];

    expect(tenantId).toBe(LOCAL_TENANT_ID);
  });

  it('shows the welcome card once after the app is installed', async () => {
    await cardsWith(page(), WELCOME_TITLE).first().waitFor({ timeout: REPLY_TIMEOUT_MS });
    // Both install activities have been answered: a second welcome would be on screen now.
    await waitForDelivered(page(), 'installationUpdate');
    await waitForDelivered(page(), 'conversationUpdate');

    expect(await cardsWith(page(), WELCOME_TITLE).count()).toBe(1);
  });

  it('shows the welcome card again on "help"', async () => {
    await sendMessage(page(), 'help');

    await cardsWith(page(), WELCOME_TITLE).nth(1).waitFor({ timeout: REPLY_TIMEOUT_MS });
  });

  it('shows the first tip on "tips"', async () => {
    await sendMessage(page(), 'tips');

    const tip = cardsWith(page(), /Tip 1 of \d+/);
    await tip.waitFor({ timeout: REPLY_TIMEOUT_MS });
    expect(await tip.count()).toBe(1);
  });

  it('warns the user with a card when an external "IT Helpdesk" contacts them, and reports it in one tap', async () => {
    const out = new PassThrough();
    const code = await runSimulate(
      ['first-contact', '--sender', 'IT Helpdesk', '--user', ADELE, '--url', `http://127.0.0.1:${bot!.port}`],
      { stdin: new PassThrough(), stdout: out, stderr: out },
      { env: { SIGNAL_WEBHOOK_SECRET: WEBHOOK_SECRET }, fetch, now: Date.now },
    );
    expect(code).toBe(0);

    const warning = cardsWith(page(), 'who looks like IT support just contacted you');
    await warning.waitFor({ timeout: REPLY_TIMEOUT_MS });
    expect(await warning.textContent()).toContain('IT Helpdesk');

    await warning.getByRole('button', { name: 'Report this chat' }).click();
    await cardsWith(page(), /Reported/)
      .first()
      .waitFor({ timeout: REPLY_TIMEOUT_MS });
  });

  it('answers gibberish with the commands to try', async () => {
    await sendMessage(page(), 'florp wibble');

    // The rendered message (the chat list also previews it, as raw markdown).
    const answer = renderedMessagesWith(page(), 'I don\'t know "florp wibble"');
    await answer.waitFor({ timeout: REPLY_TIMEOUT_MS });
    expect(await answer.textContent()).toMatch(/Try help \(.*tips.*verify.*report/);
  });
});
