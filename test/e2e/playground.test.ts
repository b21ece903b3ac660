/**
 * End to end: the bot (in this process, local mode, memory stores) and the M365 Agents
 * Playground (a child process) driven by headless Debian Chromium, walking every flow a
 * user, a helpdesk staff member and the security team take, asserting on what the page
 * shows. The playground's current user is Adele; the others' activities are posted to the
 * bot as Teams would send them (support/act-as.ts). Each step leaves a screenshot in
 * test/e2e/screenshots/<nn>-<step>.png (ignored by git).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { startBot, type RunningBot } from '../../bot/index';
import { DEFAULT_PROFILE } from '../../src/config/helpdesk-profile';
import { LOCAL_TENANT_ID, loadConfig } from '../../src/config/load-config';
import { createLogger } from '../../src/log/logger';
import { freePort } from '../setup/global-setup';
import {
  ADELE,
  cardOf,
  codeOn,
  ISAIAH,
  MEGAN,
  startPersonalChats,
  tapAs,
  type PersonalChats,
} from './support/act-as';
import { ANY, ANY_COUNT, shown, shownPattern } from './support/catalogue';
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
import { DEFENDER_POLL_MS, startDefender, type RunningDefender } from './support/defender';
import { PLAYGROUND_CONFIG, startPlayground, type RunningPlayground } from './support/playground';
import { simulateFirstContact, type FirstContact } from './support/simulate';

/** Kept after the run (pass or fail) to see what the page showed last. */
const SCREENSHOT = join(tmpdir(), 'helpdesk-guard-e2e.png');
const SCREENSHOTS = join(__dirname, 'screenshots');
/** A step's screenshot, "05-warning.png" (other tests keep theirs in folders of their own). */
const STEP_SCREENSHOT = /^\d{2}-[a-z0-9-]+\.png$/;
/** The German warning's title (src/i18n/catalogues/de/warning.json). */
const GERMAN_WARNING_TEXT = 'der wie der IT-Support aussieht, hat Sie gerade kontaktiert';
const WEBHOOK_SECRET = 'e2e-webhook-secret-0123456789abcdef0123';
const ADELE_UPN = 'adelev@contoso.com';
/** The "Security Operations" team's channel (.m365agentsplayground.yml). */
const SECURITY_CHANNEL_ID = '19:helpdesk-guard-reports@thread.tacv2';
/** The channel as the playground's sidebar names it: "<team> - <channel>". */
const SECURITY_CHANNEL = 'Security Operations - Helpdesk Guard reports';
const PERSONAL_CHAT = 'Personal Chat';
const ORG = { orgName: DEFAULT_PROFILE.orgName, helpdeskName: DEFAULT_PROFILE.helpdeskName };

/**
 * One external account per flow, each in a tenant of its own (the simulate command's
 * default): one flow's taps never land on another's card, and none of them adds up to a
 * campaign.
 */
const externalSender = (sender: string, account: string): Omit<FirstContact, 'user'> => ({
  sender,
  senderUpn: `${account}@helpdesk-${account}.onmicrosoft.com`,
});
const FIRST_CONTACT = externalSender('IT Helpdesk', 'first');
const CHALLENGED = externalSender('IT Support', 'challenged');
const KNOWN = externalSender('Helpdesk Team', 'known');
const REPORTED = externalSender('IT Service Desk', 'reported');
const REMOTE_CONTROL = externalSender('Microsoft Support', 'remote');
const DEVICE = { name: 'lt-adele-4c2.contoso.com', id: '9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b' };
/** One sender contacting three of the playground's users; only Adele has a chat with the bot. */
const CAMPAIGN_SENDER = {
  sender: 'IT Helpdesk',
  senderUpn: 'it-support@helpdesk-northwind.onmicrosoft.com',
  senderTenant: '6f1c3a52-0d5e-4c1b-9a7e-3b2d8e4f5a60',
};
const CAMPAIGN_TARGETS = [
  { user: ADELE.aadObjectId, userUpn: ADELE_UPN },
  { user: 'ec3a77eb-7877-47e3-8c4a-868908662cd8', userUpn: 'pattif@contoso.com' },
  { user: '034349fd-2ab3-4f21-8a42-9b11e38cdb3c', userUpn: 'lynner@contoso.com' },
];
/** A verification code nobody issued. */
const WRONG_CODE = '123 456';

let bot: RunningBot | undefined;
let playground: RunningPlayground | undefined;
let browser: RunningBrowser | undefined;
let defender: RunningDefender | undefined;
let staffChats: PersonalChats | undefined;

const page = () => {
  if (!browser) throw new Error('the browser did not start (see beforeAll)');
  return browser.page;
};

const botUrl = () => {
  if (!bot) throw new Error('the bot did not start (see beforeAll)');
  return `http://127.0.0.1:${bot.port}`;
};

const staff = () => {
  if (!staffChats) throw new Error('the staff chats did not start (see beforeAll)');
  return staffChats;
};

/** The step's screenshot, test/e2e/screenshots/<nn>-<step>.png, scrolled to `focus`. */
const stepShot = (name: string, focus?: Locator) =>
  screenshotTall(page(), join(SCREENSHOTS, `${name}.png`), { focus });

/** Cards in the conversation shown whose text matches the catalogue message. */
const cardsShowing = (pattern: RegExp) => cardsWith(page(), pattern);

/** Adele's warnings about one sender's chat. */
const warningFrom = (sender: Omit<FirstContact, 'user'>) =>
  cardsShowing(shownPattern('warning.firstContact.card.title', { orgName: ORG.orgName })).filter({
    hasText: sender.senderUpn,
  });

/** The SIEM tells the bot (a signed signal) that `sender` opened a chat with Adele; resolves with her warning. */
const contactAdele = async (sender: Omit<FirstContact, 'user'>): Promise<Locator> => {
  const simulated = await simulateFirstContact(botUrl(), WEBHOOK_SECRET, {
    ...sender,
    user: ADELE.aadObjectId,
  });
  expect(simulated).toMatchObject({ code: 0 });
  const warning = warningFrom(sender);
  await warning.waitFor({ timeout: REPLY_TIMEOUT_MS });
  return warning;
};

const button = (within: Locator, title: string) => within.getByRole('button', { name: title, exact: true });

/** The security channel's card about the chat reported in step 12. */
const reportCard = () =>
  cardsShowing(shownPattern('report.security.card.title', { senderName: REPORTED.sender })).filter({
    hasText: REPORTED.senderUpn,
  });

/** The urgent card after Quick Assist started on Adele's device. */
const remoteToolAlert = () => cardsShowing(shownPattern('warning.remoteTool.card.openHeadline'));

/** Campaign cards in the conversation shown ("Campaign: 3 people contacted by ..."). */
const campaignCards = () =>
  cardsShowing(shownPattern('security.campaign.text.title', { count: ANY_COUNT, who: ANY }));

beforeAll(async () => {
  assertChromiumInstalled();
  // Only this walk's screenshots: none left from an earlier numbering.
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const file of readdirSync(SCREENSHOTS))
    if (STEP_SCREENSHOT.test(file)) rmSync(join(SCREENSHOTS, file));
  defender = await startDefender();
  // No HOME_TENANT_ID: the bot serves LOCAL_TENANT_ID, which is the playground's tenant.
  const config = loadConfig({
    PORT: String(await freePort()),
    LOG_LEVEL: 'silent',
    SIGNAL_WEBHOOK_SECRET: WEBHOOK_SECRET,
    // The bot posts report and campaign cards here once the playground tells it about the channel.
    SECURITY_CHANNEL_ID,
    SECURITY_TEAM_IDS: ISAIAH.aadObjectId,
    HELPDESK_STAFF_IDS: MEGAN.aadObjectId,
    CAMPAIGN_MIN_USERS: String(CAMPAIGN_TARGETS.length),
    ...defender.env,
  });
  bot = await startBot({
    config,
    profile: DEFAULT_PROFILE,
    log: createLogger({ level: 'silent' }),
    events: { emit: async () => undefined },
    host: '127.0.0.1',
    graphTokens: defender.graphTokens,
  });
  staffChats = await startPersonalChats(botUrl());
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
    ['staff chats', staffChats?.stop],
    ['bot', bot?.stop],
    ['defender', defender?.stop],
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

describe('the playground config', () => {
  const playgroundConfig = () => readFileSync(PLAYGROUND_CONFIG, 'utf8');

  it("uses the bot's local home tenant, so the bot answers the playground", () => {
    const tenantId = /^tenantId:\s*(\S+)\s*$/m.exec(playgroundConfig())?.[1];

    expect(tenantId).toBe(LOCAL_TENANT_ID);
  });

  it('has the security channel, the staff member and the security team member the bot is started with', () => {
    expect(playgroundConfig()).toContain(`id: ${SECURITY_CHANNEL_ID}`);
    for (const user of [ADELE, MEGAN, ISAIAH]) {
      expect(playgroundConfig()).toContain(`id: ${user.id}`);
      expect(playgroundConfig()).toContain(`name: ${user.name}`);
      expect(playgroundConfig()).toContain(`aadObjectId: ${user.aadObjectId}`);
    }
  });
});

describe('Helpdesk Guard in the M365 Agents Playground', () => {
  const welcomeTitle = shownPattern('welcome.card.title', { helpdeskName: ORG.helpdeskName });

  it('01 shows the welcome card once after the app is installed', async () => {
    const welcome = cardsShowing(welcomeTitle);
    await welcome.first().waitFor({ timeout: REPLY_TIMEOUT_MS });
    // Both install activities have been answered: a second welcome would be on screen now.
    await waitForDelivered(page(), 'installationUpdate');
    await waitForDelivered(page(), 'conversationUpdate');

    expect(await welcome.count()).toBe(1);
    await stepShot('01-welcome', welcome);
  });

  it('02 shows the welcome card again on "help"', async () => {
    await sendMessage(page(), 'help');

    const welcome = cardsShowing(welcomeTitle).nth(1);
    await welcome.waitFor({ timeout: REPLY_TIMEOUT_MS });
    // The pictures drawn from the profile, with their alt texts, as the client renders them.
    await welcome.locator('img[alt]').first().waitFor({ timeout: REPLY_TIMEOUT_MS });
    expect(await welcome.innerText()).toContain(shown('welcome.card.commands.verifyText'));
    await stepShot('02-help', welcome);
  });

  it('03 shows the first tip on "tips"', async () => {
    await sendMessage(page(), 'tips');

    const tip = cardsShowing(shownPattern('welcome.tip.position', { number: 1, total: ANY }));
    await tip.waitFor({ timeout: REPLY_TIMEOUT_MS });
    expect(await tip.count()).toBe(1);
    await tip.locator('img[alt]').first().waitFor({ timeout: REPLY_TIMEOUT_MS });
    await stepShot('03-tip', tip);
  });

  it('04 turns the tip card into the next tip on "Next tip"', async () => {
    const tip = cardsShowing(shownPattern('welcome.tip.position', { number: 1, total: ANY }));
    await button(tip, shown('welcome.tip.next')).click();

    const next = cardsShowing(shownPattern('welcome.tip.position', { number: 2, total: ANY }));
    await next.waitFor({ timeout: REPLY_TIMEOUT_MS });
    expect(await next.count()).toBe(1);
    await stepShot('04-next-tip', next);
  });

  it('05 warns the user with a card when an external "IT Helpdesk" contacts them', async () => {
    const warning = await contactAdele(FIRST_CONTACT);

    const shownText = await warning.innerText();
    expect(shownText).toContain(FIRST_CONTACT.sender);
    expect(shownText).toContain(shown('warning.firstContact.card.neverOutside', ORG));
    for (const action of ['report', 'verifyCaller', 'knowPerson'] as const)
      await button(warning, shown(`warning.firstContact.card.${action}`)).waitFor();
    await warning.locator('img[alt]').first().waitFor({ timeout: REPLY_TIMEOUT_MS });
    await stepShot('05-warning', warning);
  });

  it("06 warns a user whose Teams is in German in German, pictures' words included", async () => {
    // As if Adele's Teams client were German: the bot remembers the locale of each chat.
    const user = { tenantId: LOCAL_TENANT_ID, aadObjectId: ADELE.aadObjectId };
    const record = await bot!.stores.conversations.get(user);
    expect(record).toBeDefined();
    await bot!.stores.conversations.set(user, { ...record!.reference, locale: 'de-DE' });
    try {
      const simulated = await simulateFirstContact(botUrl(), WEBHOOK_SECRET, {
        sender: 'Microsoft Security',
        user: ADELE.aadObjectId,
      });
      expect(simulated).toMatchObject({ code: 0 });

      const warning = cardsWith(page(), GERMAN_WARNING_TEXT);
      await warning.waitFor({ timeout: REPLY_TIMEOUT_MS });
      expect(await warning.textContent()).toContain('Microsoft Security');
      expect(await warning.textContent()).not.toMatch(shownPattern('warning.firstContact.card.title', ORG));
      // The picture's alt text is German too (src/i18n/catalogues/de/pictures.json).
      expect(await warning.locator('img[alt]').first().getAttribute('alt')).not.toMatch(
        shownPattern('pictures.chatHeaders.alt', { helpdeskName: ANY, domain: ANY, impersonator: ANY }),
      );
      await stepShot('06-warning-german', warning);
    } finally {
      await bot!.stores.conversations.set(user, record!.reference);
    }
  });

  it('07 says "not verified" when the caller\'s code is wrong', async () => {
    const warning = warningFrom(FIRST_CONTACT);
    await button(warning, shown('warning.firstContact.card.verifyCaller')).click();
    await warning.getByLabel(shown('warning.firstContact.card.codeLabel')).fill(WRONG_CODE);
    await button(warning, shown('warning.firstContact.card.verify')).click();

    // The answer replaces the warning.
    const result = cardsShowing(shownPattern('verification.result.card.notVerifiedTitle'));
    await result.waitFor({ timeout: REPLY_TIMEOUT_MS });
    expect(await result.innerText()).toMatch(shownPattern('verification.check.wrong'));
    await button(result, shown('verification.result.card.report')).waitFor();
    await stepShot('07-verify-wrong-code', result);
  });

  it('08 says who issued the code a helpdesk staff member gave the user', async () => {
    const issued = await staff().say(MEGAN, `issue code ${ADELE.aadObjectId}`);
    const code = codeOn(cardOf(issued));

    await sendMessage(page(), `verify ${code}`);

    const genuine = cardsShowing(
      shownPattern('verification.result.card.genuineTitle', { staffName: MEGAN.name }),
    );
    await genuine.waitFor({ timeout: REPLY_TIMEOUT_MS });
    expect(await genuine.innerText()).toMatch(
      shownPattern('verification.result.card.genuineText', { issued: ANY }),
    );
    await stepShot('08-verify-staff-code', genuine);
  });

  it('09 gives the user a code to read to the caller (challenge-back)', async () => {
    const warning = await contactAdele(CHALLENGED);
    await button(warning, shown('warning.firstContact.card.verifyCaller')).click();
    await button(warning, shown('warning.firstContact.card.giveCode')).click();

    const challenge = cardsShowing(shownPattern('verification.challenge.card.title'));
    await challenge.waitFor({ timeout: REPLY_TIMEOUT_MS });
    expect(await challenge.innerText()).toMatch(/\b\d{3} \d{3}\b/);
    await stepShot('09-challenge-code', challenge);
  });

  it('10 tells the user which staff member confirmed their code', async () => {
    const challenge = cardsShowing(shownPattern('verification.challenge.card.title'));
    const code = /\b(\d{3} \d{3})\b/.exec(await challenge.innerText())![1];

    const answer = await staff().say(MEGAN, `confirm ${code}`);

    expect(answer.text).toMatch(shownPattern('verification.confirm.userTold', { who: ANY }));
    const confirmed = cardsShowing(
      shownPattern('verification.challengeConfirmed.card.text', { confirmerName: MEGAN.name, issued: ANY }),
    );
    await confirmed.waitFor({ timeout: REPLY_TIMEOUT_MS });
    expect(await confirmed.innerText()).toMatch(
      shownPattern('verification.challengeConfirmed.card.title', { confirmerName: MEGAN.name }),
    );
    await stepShot('10-challenge-confirmed', confirmed);
  });

  it('11 takes "I know this person" on a warning, and still says to stay careful', async () => {
    const warning = await contactAdele(KNOWN);
    await button(warning, shown('warning.firstContact.card.knowPerson')).click();

    const acknowledged = cardsShowing(
      shownPattern('warning.acknowledged.card.title', { senderDisplayName: KNOWN.sender }),
    );
    await acknowledged.waitFor({ timeout: REPLY_TIMEOUT_MS });
    expect(await acknowledged.innerText()).toMatch(
      shownPattern('warning.acknowledged.card.stayCareful', ORG),
    );
    await stepShot('11-know-person', acknowledged);
  });

  it('12 reports a chat in one tap and thanks the user', async () => {
    // Opening the channel makes the playground tell the bot it was added there
    // (installationUpdate, conversationUpdate): the bot keeps the channel's serviceUrl,
    // where the report's card goes.
    await openConversation(page(), SECURITY_CHANNEL);
    await waitForDelivered(page(), 'installationUpdate', 2);
    await waitForDelivered(page(), 'conversationUpdate', 2);
    await openConversation(page(), PERSONAL_CHAT);

    const warning = await contactAdele(REPORTED);
    await button(warning, shown('warning.firstContact.card.report')).click();

    const thanks = cardsShowing(shownPattern('report.thanks.card.title'));
    await thanks.waitFor({ timeout: REPLY_TIMEOUT_MS });
    expect(await thanks.innerText()).toMatch(
      shownPattern('report.thanks.headline.named', { name: REPORTED.sender }),
    );
    await stepShot('12-report', thanks);
  });

  it('13 shows the report card in the security channel', async () => {
    await openConversation(page(), SECURITY_CHANNEL);

    const report = reportCard();
    await report.waitFor({ timeout: REPLY_TIMEOUT_MS });
    const shownText = await report.innerText();
    expect(shownText).toContain(REPORTED.senderUpn);
    expect(shownText).toContain(shown('report.security.data.open'));
    expect(shownText).toContain(ADELE.name);
    await stepShot('13-report-in-channel', report);
  });

  it("14 records the security team member's triage on the card", async () => {
    const report = reportCard();
    await tapAs(page(), ISAIAH, () => button(report, shown('report.security.card.confirmMalicious')).click());

    const decided = shownPattern('report.security.data.decided', {
      decision: shown('report.security.data.decision.malicious'),
      name: ISAIAH.name,
      at: ANY,
    });
    await report.filter({ hasText: decided }).waitFor({ timeout: REPLY_TIMEOUT_MS });
    await stepShot('14-triage', report);
  });

  it("15 tells the reporter the security team's decision in the personal chat", async () => {
    await openConversation(page(), PERSONAL_CHAT);

    const feedback = renderedMessagesWith(
      page(),
      shownPattern('report.feedback.malicious', { sender: ANY }),
    ).filter({ hasText: REPORTED.senderUpn });
    await feedback.waitFor({ timeout: REPLY_TIMEOUT_MS });
    await stepShot('15-report-feedback', feedback);
  });

  it('16 refuses to issue a code to someone who is not helpdesk staff, and says why', async () => {
    await sendMessage(page(), 'issue code alexw@contoso.com');

    const refusal = renderedMessagesWith(page(), shownPattern('verification.issue.notAuthorized'));
    await refusal.waitFor({ timeout: REPLY_TIMEOUT_MS });
    await stepShot('16-refused-issue-code', refusal);
  });

  it('17 answers gibberish with the commands to try', async () => {
    await sendMessage(page(), 'florp wibble');

    // The rendered message (the chat list also previews it, as raw markdown).
    const answer = renderedMessagesWith(
      page(),
      shownPattern('common.unknownText.unknown', { echo: 'florp wibble' }),
    );
    await answer.waitFor({ timeout: REPLY_TIMEOUT_MS });
    expect(await answer.textContent()).toMatch(shownPattern('common.unknownText.commands'));
    await stepShot('17-unknown-text', answer);
  });

  it('18 alerts the user when Defender sees Quick Assist start on their device after a warning', async () => {
    await contactAdele(REMOTE_CONTROL);

    defender!.quickAssistStarted({ aadObjectId: ADELE.aadObjectId, upn: ADELE_UPN }, DEVICE);

    // Seen at the bot's next poll of Defender.
    const alert = remoteToolAlert();
    await alert.waitFor({ timeout: DEFENDER_POLL_MS + REPLY_TIMEOUT_MS });
    const shownText = await alert.innerText();
    expect(shownText).toContain(DEVICE.name);
    expect(shownText).toContain(REMOTE_CONTROL.sender);
    await stepShot('18-remote-tool', alert);
  });

  it('19 thanks the user who says they did not start it', async () => {
    await button(remoteToolAlert(), shown('warning.remoteTool.card.notMe')).click();

    const answered = cardsShowing(shownPattern('warning.remoteTool.card.notMeHeadline'));
    await answered.waitFor({ timeout: REPLY_TIMEOUT_MS });
    expect(await answered.innerText()).toMatch(shownPattern('warning.remoteTool.card.notMeSummary'));
    await stepShot('19-remote-tool-not-me', answered);
  });

  it('20 posts one campaign card in the security channel when one sender contacts three people, and brings it up to date', async () => {
    await openConversation(page(), SECURITY_CHANNEL);

    for (const target of CAMPAIGN_TARGETS) {
      const simulated = await simulateFirstContact(botUrl(), WEBHOOK_SECRET, {
        ...CAMPAIGN_SENDER,
        ...target,
      });
      expect(simulated).toMatchObject({ code: 0 });
    }

    // Posted when the third person is contacted and edited as their warnings land: wait for
    // the card on which Adele's warning has landed and no one is still waiting for theirs.
    const targetLine = (who: string, state: 'warned' | 'warningFailed' | 'contacted') =>
      shown('security.campaign.text.targetLine', { who, state: shown(`security.campaign.states.${state}`) });
    const campaign = campaignCards()
      .filter({ hasText: targetLine(ADELE_UPN, 'warned') })
      .filter({ hasNotText: shown('security.campaign.states.contacted') });
    await campaign.waitFor({ timeout: REPLY_TIMEOUT_MS });
    const shownText = await campaign.innerText();
    expect(shownText).toMatch(
      shownPattern('security.campaign.text.title', { count: 3, who: CAMPAIGN_SENDER.sender }),
    );
    expect(shownText).toContain(CAMPAIGN_SENDER.senderUpn);
    // The others never opened the bot, and nothing installs it for them here.
    expect(shownText).toContain(targetLine('pattif@contoso.com', 'warningFailed'));
    expect(shownText).toContain(targetLine('lynner@contoso.com', 'warningFailed'));
    expect(await campaignCards().count()).toBe(1);
    await stepShot('20-campaign-card', campaign);
  });

  it('21 edits the campaign card in place when one of the people reports the chat', async () => {
    await openConversation(page(), PERSONAL_CHAT);
    const warning = warningFrom(CAMPAIGN_SENDER);
    await button(warning, shown('warning.firstContact.card.report')).click({ timeout: REPLY_TIMEOUT_MS });
    // The tap's answer replaces the warning with the thanks.
    await warning.waitFor({ state: 'detached', timeout: REPLY_TIMEOUT_MS });

    await openConversation(page(), SECURITY_CHANNEL);
    const reported = campaignCards().filter({
      hasText: shown('security.campaign.text.targetLine', {
        who: ADELE_UPN,
        state: shown('security.campaign.states.reported'),
      }),
    });
    await reported.waitFor({ timeout: REPLY_TIMEOUT_MS });
    expect(await campaignCards().count()).toBe(1);
    await stepShot('21-campaign-reported', reported);
  });
});
