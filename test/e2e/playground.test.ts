/**
 * End to end: the bot (in this process, local mode, memory stores) and the
 * M365 Agents Playground (a child process) driven by headless Debian Chromium, asserting
 * what a user sees in the personal chat, and what the security team sees in its channel.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startBot, type RunningBot } from '../../bot/index';
import { DEFAULT_PROFILE } from '../../src/config/helpdesk-profile';
import { LOCAL_TENANT_ID, loadConfig } from '../../src/config/load-config';
import { createLogger } from '../../src/log/logger';
import { freePort } from '../setup/global-setup';
import {
  cardsWith,
  openConversation,
  renderedMessagesWith,
  REPLY_TIMEOUT_MS,
  sendMessage,
  waitForDelivered,
} from './support/chat';
import {
  assertChromiumInstalled,
  launchChromium,
  screenshotTall,
  type RunningBrowser,
} from './support/chromium';
import { PLAYGROUND_CONFIG, startPlayground, type RunningPlayground } from './support/playground';
import { simulateFirstContact } from './support/simulate';

/** Kept after the run (pass or fail) to see what the page showed. */
const SCREENSHOT = join(tmpdir(), 'helpdesk-guard-e2e.png');
/** Left after the run (test/e2e/screenshots/ is ignored by git): the campaign card as the security channel shows it. */
const CAMPAIGN_SCREENSHOT = join(__dirname, 'screenshots', 'campaign-card.png');
/** One screenshot per step that shows a picture card: test/e2e/screenshots/<nn>-<step>.png. */
const stepShot = (name: string) => screenshotTall(page(), join(__dirname, 'screenshots', `${name}.png`));
/** The German warning's title (src/i18n/catalogues/de/warning.json). */
const GERMAN_WARNING_TEXT = 'der wie der IT-Support aussieht, hat Sie gerade kontaktiert';
const WELCOME_TITLE = 'Helpdesk Guard: is that really';
const WARNING_TEXT = 'who looks like IT support just contacted you';
const WEBHOOK_SECRET = 'e2e-webhook-secret-0123456789abcdef0123';
/** The playground's current user (.m365agentsplayground.yml). */
const ADELE = '414973bc-ef0d-4a2f-8e63-47bf06945218';
/** The "Security Operations" team's channel and its security team member, Isaiah Langer (same file). */
const SECURITY_CHANNEL_ID = '19:helpdesk-guard-reports@thread.tacv2';
const ISAIAH = 'f4489bcd-836b-4e0c-85b9-7f2213a127fe';
/** The channel as the playground's sidebar names it: "<team> - <channel>". */
const SECURITY_CHANNEL = 'Security Operations - Helpdesk Guard reports';
/**
 * One external account, in a tenant of its own: the warning step's sender has a random
 * UPN and tenant (the simulate command's defaults), so its one contact never counts
 * towards this campaign, whichever step runs first.
 */
const CAMPAIGN_SENDER = {
  sender: 'IT Helpdesk',
  senderUpn: 'it-support@helpdesk-northwind.onmicrosoft.com',
  senderTenant: '6f1c3a52-0d5e-4c1b-9a7e-3b2d8e4f5a60',
};
/** Three of the playground's users; only Adele, the current user, has a chat with the bot. */
const CAMPAIGN_TARGETS = [
  { user: ADELE, userUpn: 'adelev@contoso.com' },
  { user: 'ec3a77eb-7877-47e3-8c4a-868908662cd8', userUpn: 'pattif@contoso.com' },
  { user: '034349fd-2ab3-4f21-8a42-9b11e38cdb3c', userUpn: 'lynner@contoso.com' },
];

let bot: RunningBot | undefined;
let playground: RunningPlayground | undefined;
let browser: RunningBrowser | undefined;

const page = () => {
  if (!browser) throw new Error('the browser did not start (see beforeAll)');
  return browser.page;
};

const botUrl = () => {
  if (!bot) throw new Error('the bot did not start (see beforeAll)');
  return `http://127.0.0.1:${bot.port}`;
};

/** Campaign cards in the conversation shown ("Campaign: 3 people contacted by ..."). */
const campaignCards = () => cardsWith(page(), /Campaign: \d+ (person|people) contacted by/);

beforeAll(async () => {
  assertChromiumInstalled();
  // No HOME_TENANT_ID: the bot serves LOCAL_TENANT_ID, which is the playground's tenant.
  const config = loadConfig({
    PORT: String(await freePort()),
    LOG_LEVEL: 'silent',
    SIGNAL_WEBHOOK_SECRET: WEBHOOK_SECRET,
    // The bot posts campaign cards here once the playground tells it about the channel.
    SECURITY_CHANNEL_ID,
    SECURITY_TEAM_IDS: ISAIAH,
    CAMPAIGN_MIN_USERS: String(CAMPAIGN_TARGETS.length),
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

  it('has the security channel and security team member the bot is started with', () => {
    const playgroundConfig = readFileSync(PLAYGROUND_CONFIG, 'utf8');

    expect(playgroundConfig).toContain(`id: ${SECURITY_CHANNEL_ID}`);
    expect(playgroundConfig).toContain(`aadObjectId: ${ISAIAH}`);
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

    const welcome = cardsWith(page(), WELCOME_TITLE).nth(1);
    await welcome.waitFor({ timeout: REPLY_TIMEOUT_MS });
    // The pictures drawn from the profile, with their alt texts, as the client renders them.
    await welcome
      .locator('img[alt^="Two Teams chat headers"]')
      .first()
      .waitFor({ timeout: REPLY_TIMEOUT_MS });
    await stepShot('01-welcome');
  });

  it('shows the first tip on "tips"', async () => {
    await sendMessage(page(), 'tips');

    const tip = cardsWith(page(), /Tip 1 of \d+/);
    await tip.waitFor({ timeout: REPLY_TIMEOUT_MS });
    expect(await tip.count()).toBe(1);
    await tip.locator('img[alt]').first().waitFor({ timeout: REPLY_TIMEOUT_MS });
    await stepShot('02-tip');
  });

  it('warns the user with a card when an external "IT Helpdesk" contacts them, and reports it in one tap', async () => {
    const simulated = await simulateFirstContact(botUrl(), WEBHOOK_SECRET, {
      sender: 'IT Helpdesk',
      user: ADELE,
    });
    expect(simulated).toMatchObject({ code: 0 });

    const warning = cardsWith(page(), WARNING_TEXT);
    await warning.waitFor({ timeout: REPLY_TIMEOUT_MS });
    expect(await warning.textContent()).toContain('IT Helpdesk');
    await warning.locator('img[alt]').first().waitFor({ timeout: REPLY_TIMEOUT_MS });
    await stepShot('03-warning');

    await warning.getByRole('button', { name: 'Report this chat' }).click();
    await cardsWith(page(), /Reported/)
      .first()
      .waitFor({ timeout: REPLY_TIMEOUT_MS });
  });

  it("warns a user whose Teams is in German in German, pictures' words included", async () => {
    // As if Adele's Teams client were German: the bot remembers the locale of each chat.
    const user = { tenantId: LOCAL_TENANT_ID, aadObjectId: ADELE };
    const record = await bot!.stores.conversations.get(user);
    expect(record).toBeDefined();
    await bot!.stores.conversations.set(user, { ...record!.reference, locale: 'de-DE' });

    const simulated = await simulateFirstContact(botUrl(), WEBHOOK_SECRET, {
      sender: 'Microsoft Security',
      user: ADELE,
    });
    expect(simulated).toMatchObject({ code: 0 });

    const warning = cardsWith(page(), GERMAN_WARNING_TEXT);
    await warning.waitFor({ timeout: REPLY_TIMEOUT_MS });
    expect(await warning.textContent()).toContain('Microsoft Security');
    expect(await warning.textContent()).not.toContain('who looks like IT support');
    expect(await warning.locator('img[alt]').first().getAttribute('alt')).not.toMatch(
      /^Two Teams chat headers/,
    );
    await stepShot('04-warning-german');
    await bot!.stores.conversations.set(user, record!.reference);
  });

  it('answers gibberish with the commands to try', async () => {
    await sendMessage(page(), 'florp wibble');

    // The rendered message (the chat list also previews it, as raw markdown).
    const answer = renderedMessagesWith(page(), 'I don\'t know "florp wibble"');
    await answer.waitFor({ timeout: REPLY_TIMEOUT_MS });
    expect(await answer.textContent()).toMatch(/Try help \(.*tips.*verify.*report/);
  });

  it('posts one campaign card in the security channel when one sender contacts three people, and brings it up to date', async () => {
    // Opening the channel makes the playground tell the bot it was added there
    // (installationUpdate, conversationUpdate): the bot keeps the channel's serviceUrl.
    await openConversation(page(), SECURITY_CHANNEL);
    await waitForDelivered(page(), 'installationUpdate', 2);
    await waitForDelivered(page(), 'conversationUpdate', 2);

    for (const target of CAMPAIGN_TARGETS) {
      const simulated = await simulateFirstContact(botUrl(), WEBHOOK_SECRET, {
        ...CAMPAIGN_SENDER,
        ...target,
      });
      expect(simulated).toMatchObject({ code: 0 });
    }

    // Posted when the third person is contacted and edited as their warnings land: wait for
    // the card on which Adele's warning has landed and no one is still waiting for theirs.
    const campaign = campaignCards()
      .filter({ hasText: 'adelev@contoso.com: Warned' })
      .filter({ hasNotText: 'not warned yet' });
    await campaign.waitFor({ timeout: REPLY_TIMEOUT_MS });
    const shown = await campaign.innerText();
    expect(shown).toContain('Campaign: 3 people contacted by IT Helpdesk');
    expect(shown).toContain(CAMPAIGN_SENDER.senderUpn);
    // The others never opened the bot, and local mode has no Graph to install it for them.
    expect(shown).toContain('pattif@contoso.com: Warning failed');
    expect(shown).toContain('lynner@contoso.com: Warning failed');
    expect(await campaignCards().count()).toBe(1);

    mkdirSync(dirname(CAMPAIGN_SCREENSHOT), { recursive: true });
    await screenshotTall(page(), CAMPAIGN_SCREENSHOT);
  }, 60_000);

  it('edits the campaign card in place when one of the people reports the chat', async () => {
    await openConversation(page(), 'Personal Chat');
    const warning = cardsWith(page(), WARNING_TEXT).filter({ hasText: CAMPAIGN_SENDER.senderUpn });
    await warning.getByRole('button', { name: 'Report this chat' }).click({ timeout: REPLY_TIMEOUT_MS });
    // The tap's answer replaces the warning with the thanks.
    await warning.waitFor({ state: 'detached', timeout: REPLY_TIMEOUT_MS });

    await openConversation(page(), SECURITY_CHANNEL);
    await campaignCards()
      .filter({ hasText: 'adelev@contoso.com: Reported' })
      .waitFor({ timeout: REPLY_TIMEOUT_MS });
    expect(await campaignCards().count()).toBe(1);
  }, 60_000);
});
