import {
  CAMPAIGN_CARD_COALESCE_MS,
  createCampaignCards,
  createCampaignOutbox,
  type CampaignNotification,
} from '../../../../bot/proactive/campaign-cards';
import type { ProactiveSender } from '../../../../bot/proactive/proactive-sender';
import type { SecurityChannel } from '../../../../bot/proactive/security-channel';
import type { AdaptiveCardJson } from '../../../../cards/adaptive-card';
import { DEFAULT_PROFILE, type HelpdeskProfile } from '../../../../src/config/helpdesk-profile';
import type { UserKey } from '../../../../src/store/ports';
import { createMemoryStores } from '../../../../src/store/stores';
import { fakeLog } from '../../../support/fake-log';
import { cardTexts } from '../support/card-content';

const TENANT = '0d2f0b8e-5c3a-4e1b-9f7d-6a5b4c3d2e1f';
const ATTACKER_TENANT = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const CAMPAIGN_ID = 'cmp-5b1c0e6a-8f43-4d2e-9a7b-0c1d2e3f4a5b';
const SENDER = {
  displayName: 'IT Helpdesk',
  upn: 'it@helpdesk-x.onmicrosoft.com',
  tenantId: ATTACKER_TENANT,
};
const targetId = (i: number): string => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const chatOf = (i: number): string => `19:chat-${i}@unq.gbl.spaces`;

type ForLocale<T> = T | ((locale: string | undefined) => T);
const inLocale = <T>(value: ForLocale<T>, locale: string | undefined): T =>
  typeof value === 'function' ? (value as (locale: string | undefined) => T)(locale) : value;

/** The campaign worker over memory stores, a campaign of three targets and a sender that records. */
const build = async (profile: HelpdeskProfile = DEFAULT_PROFILE) => {
  const stores = createMemoryStores();
  for (let i = 0; i < 3; i += 1) {
    await stores.campaigns.addContact({
      campaignId: CAMPAIGN_ID,
      tenantId: TENANT,
      senderTenantId: ATTACKER_TENANT,
      detectedAt: Date.now(),
      sender: SENDER,
      target: {
        aadObjectId: targetId(i),
        upn: `user${i}@contoso.com`,
        chatThreadId: chatOf(i),
        at: Date.now(),
      },
    });
    await stores.firstContacts.record({
      tenantId: TENANT,
      recipientId: targetId(i),
      chatThreadId: chatOf(i),
      sender: SENDER,
      observedAt: Date.now(),
      verdict: 'warn',
      score: 0.9,
      reasons: [],
      campaignId: CAMPAIGN_ID,
    });
  }
  const sent: Array<{ user: UserKey; card: ForLocale<AdaptiveCardJson>; summary: ForLocale<string> }> = [];
  const posted: Array<{ card: AdaptiveCardJson; summary: string }> = [];
  const sender = {
    sendCard: async (user: UserKey, card: ForLocale<AdaptiveCardJson>, summary: ForLocale<string>) => {
      sent.push({ user, card, summary });
      return { ok: true, attempts: 1 };
    },
    postCard: async (_reference: unknown, _tenantId: string, card: AdaptiveCardJson, summary: string) => {
      posted.push({ card, summary });
      return { ok: true, attempts: 1, activityId: 'activity-1' };
    },
    updateCard: async () => ({ ok: true, attempts: 1 }),
  } as unknown as ProactiveSender;
  const securityChannel = {
    reference: async () => ({ conversation: { id: '19:security@thread.tacv2' }, serviceUrl: 'https://x' }),
  } as unknown as SecurityChannel;
  const cards = createCampaignCards({
    store: stores.campaigns,
    watch: { reconcile: async () => undefined },
    outbox: { changed: async () => undefined },
    firstContacts: stores.firstContacts,
    sender,
    securityChannel,
    dedupe: stores.dedupe,
    kv: stores.kv,
    profile,
    publicBaseUrl: 'https://bot.contoso.com',
    tenantId: TENANT,
    removeChats: { available: false, setup: (t) => t.t('security.campaign.setup.intro') },
    log: fakeLog().logger,
  });
  return { cards, sent, posted };
};

describe('campaign re-warning, in each target’s language', () => {
  const rewarn = {
    kind: 'campaign-rewarn',
    campaignId: CAMPAIGN_ID,
    user: { tenantId: TENANT, aadObjectId: targetId(1) },
    chatThreadId: chatOf(1),
  } as const;

  it('builds the card and its summary in the language of the target’s own chat', async () => {
    const { cards, sent } = await build();

    await expect(cards.handle(rewarn)).resolves.toBe(true);

    expect(sent).toHaveLength(1);
    const german = JSON.stringify(inLocale(sent[0].card, 'de-DE'));
    expect(german).toContain(
      'Unser Sicherheitsteam prüft dieses Konto: Es hat auch 2 Ihrer Kolleginnen und Kollegen kontaktiert.',
    );
    expect(german).not.toContain('Our security team is looking into this account');
    expect(inLocale(sent[0].summary, 'de-DE')).toBe(
      'Sicherheitsteam: 2 Kolleginnen und Kollegen wurden von „IT Helpdesk“ kontaktiert',
    );
    expect(inLocale(sent[0].summary, 'ja-JP')).toBe(
      'セキュリティ チーム: 同僚 2 人に「IT Helpdesk」から連絡がありました',
    );
  });

  it.each([['zh-CN'], [undefined]])('falls back to English for the locale %p', async (locale) => {
    const { cards, sent } = await build();

    await cards.handle(rewarn);

    expect(JSON.stringify(inLocale(sent[0].card, locale))).toContain(
      'Our security team is looking into this account: it contacted 2 colleagues of yours too.',
    );
    expect(inLocale(sent[0].summary, locale)).toBe(
      'Security team: 2 colleagues were contacted by "IT Helpdesk"',
    );
  });
});

describe('campaign card in the security channel', () => {
  it('posts in the profile’s security team language', async () => {
    const { cards, posted } = await build({ ...DEFAULT_PROFILE, securityTeamLanguage: 'de' });

    await cards.handle({ kind: 'campaign-card', campaignId: CAMPAIGN_ID, notBefore: 0 });

    expect(posted).toHaveLength(1);
    expect(posted[0].summary).toBe('Kampagne: 3 Personen von IT Helpdesk kontaktiert');
    expect(cardTexts(posted[0].card)).toContain('Offen: wartet auf Bewertung');
    expect(JSON.stringify(posted[0].card)).toContain('Das Entfernen von Chats erfordert einmaliges Anmelden');
  });

  it('posts in English by default, with the profile’s own wording', async () => {
    const { cards, posted } = await build({
      ...DEFAULT_PROFILE,
      messages: { en: { 'security.campaign.text.statusOpen': 'Waiting for an analyst' } },
    });

    await cards.handle({ kind: 'campaign-card', campaignId: CAMPAIGN_ID, notBefore: 0 });

    expect(posted[0].summary).toBe('Campaign: 3 people contacted by IT Helpdesk');
    expect(cardTexts(posted[0].card)).toContain('Waiting for an analyst');
  });
});

describe('campaign card updates without a security channel', () => {
  it('are coalesced as with one: a burst of changes queues one update per interval', async () => {
    const stores = createMemoryStores();
    const queue = stores.queue<CampaignNotification>('notifications');
    let now = 1_000_000;
    const clock = () => now;
    const outbox = createCampaignOutbox({ queue, dedupe: stores.dedupe, kv: stores.kv, clock });
    const log = fakeLog();
    const cards = createCampaignCards({
      store: stores.campaigns,
      watch: { reconcile: async () => undefined },
      outbox,
      firstContacts: stores.firstContacts,
      sender: {} as ProactiveSender,
      securityChannel: { reference: async () => undefined } as unknown as SecurityChannel,
      dedupe: stores.dedupe,
      kv: stores.kv,
      profile: DEFAULT_PROFILE,
      tenantId: TENANT,
      removeChats: { available: false, setup: (t) => t.t('security.campaign.setup.intro') },
      log: log.logger,
      clock,
    });
    const take = async () => (await queue.receive('test', 10, 0)).map((message) => message.body);

    for (let i = 0; i < 5; i += 1) await outbox.changed(CAMPAIGN_ID);
    const [first, ...none] = await take();
    expect(none).toEqual([]);
    await expect(cards.handle(first)).resolves.toBe(true);

    // The next change waits for the interval after that update; the changes meanwhile join it.
    for (let i = 0; i < 5; i += 1) await outbox.changed(CAMPAIGN_ID);
    const [second, ...alsoNone] = await take();
    expect(alsoNone).toEqual([]);
    expect(second).toMatchObject({ kind: 'campaign-card', notBefore: now + CAMPAIGN_CARD_COALESCE_MS });
    now += CAMPAIGN_CARD_COALESCE_MS - 1_000;
    const handled = cards.handle(second);
    const early = await Promise.race([
      handled.then(() => 'updated'),
      new Promise((resolve) => setTimeout(() => resolve('waiting'), 100)),
    ]);
    expect(early).toBe('waiting'); // a second before its time
    await outbox.changed(CAMPAIGN_ID);
    expect(await take()).toEqual([]); // still queued: the waiting update will read this change
    await expect(handled).resolves.toBe(true);
    await outbox.changed(CAMPAIGN_ID);
    expect(await take()).toHaveLength(1);
    // Said once, not for every update.
    expect(log.lines.filter((line) => line.includes('campaign card not posted'))).toHaveLength(1);
  });
});
