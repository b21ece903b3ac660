import {
  removeCampaignChats,
  rewarnCampaign,
  triageCampaign,
} from '../../../../bot/handlers/campaign-actions';
import { CAMPAIGN_MALICIOUS_VERB } from '../../../../cards/campaign-verbs';
import { DEFAULT_PROFILE } from '../../../../src/config/helpdesk-profile';
import { translatorFor } from '../../../../src/i18n/translations';
import {
  DUMMY_HOME_TENANT,
  DUMMY_OTHER_TENANT,
  deepMerge,
  dummyActivity,
  inTenant,
} from '../../../support/activities';
import { cardOf, cardTexts } from '../support/card-content';
import { DUMMY_ANALYST_ID, DUMMY_SENDER, handlerDeps, type HandlerHarness } from '../support/handler-deps';
import { dummyCardTap, fakeTurn, fromNobody, fromUser } from '../support/handler-turn';

const ANA = fromUser(DUMMY_ANALYST_ID, 'Ana Analyst');
const en = translatorFor({}, 'en');
const UNKNOWN_USER_TEXT = en.t('common.unknownUser');
const CAMPAIGN_ID = 'cmp-5b1c0e6a-8f43-4d2e-9a7b-0c1d2e3f4a5b';
const targetId = (i: number): string => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** A tap on the campaign card: the invoke comes from the security channel. */
const securityTap = (data: Record<string, unknown>, from: Record<string, unknown> = ANA) => {
  const channel = dummyActivity('message.channel.mention');
  return fakeTurn(
    dummyCardTap(
      CAMPAIGN_MALICIOUS_VERB,
      data,
      deepMerge({ conversation: channel.conversation, channelData: channel.channelData }, from),
    ),
  );
};

/** A campaign of three targets, as the watch would have recorded it. */
const withCampaign = async (harness: HandlerHarness): Promise<void> => {
  for (let i = 0; i < 3; i += 1)
    await harness.stores.campaigns.addContact({
      campaignId: CAMPAIGN_ID,
      tenantId: DUMMY_HOME_TENANT,
      senderTenantId: DUMMY_OTHER_TENANT,
      detectedAt: Date.now(),
      sender: DUMMY_SENDER,
      target: {
        aadObjectId: targetId(i),
        upn: `user${i}@contoso.com`,
        chatThreadId: `19:chat-${i}@unq.gbl.spaces`,
        at: Date.now(),
      },
    });
};

describe('campaign card actions', () => {
  it('triages for a security team member and answers with the card showing the decision', async () => {
    const harness = handlerDeps();
    await withCampaign(harness);

    const result = await triageCampaign(harness.deps, 'malicious')(
      securityTap({ campaignId: CAMPAIGN_ID }).context,
      {
        campaignId: CAMPAIGN_ID,
      },
    );

    expect(cardTexts(cardOf(result)).join('\n')).toMatch(/Confirmed malicious by Ana Analyst/);
    expect((await harness.stores.campaigns.get(CAMPAIGN_ID))?.status).toBe('malicious');
    expect(harness.events.events.map((event) => event.EventType)).toContain('CampaignTriaged');
    const told = (await harness.notifications()).filter((n) => n.kind === 'user-message');
    expect(told).toHaveLength(3);
  });

  it('refuses someone outside the security team with 403 and changes nothing', async () => {
    const harness = handlerDeps();
    await withCampaign(harness);
    const mallory = fromUser('414973bc-ef0d-4a2f-8e63-47bf06945218', 'Mallory');

    const result = await triageCampaign(harness.deps, 'benign')(
      securityTap({ campaignId: CAMPAIGN_ID }, mallory).context,
      {
        campaignId: CAMPAIGN_ID,
      },
    );

    expect(result).toEqual({ error: expect.objectContaining({ status: 403, code: 'not_authorized' }) });
    expect((await harness.stores.campaigns.get(CAMPAIGN_ID))?.status).toBe('open');
    expect(harness.events.events).toHaveLength(0);
  });

  it.each([
    ['an unknown campaign', { campaignId: 'cmp-unknown' }, 404],
    ['a card without a campaign', {}, 400],
  ])('answers %s with an error', async (_what, data, status) => {
    const harness = handlerDeps();
    await withCampaign(harness);

    const result = await rewarnCampaign(harness.deps)(securityTap(data).context, data);

    expect(result).toEqual({ error: expect.objectContaining({ status }) });
  });

  it('refuses a tap from another tenant, whose users are never on the security team', async () => {
    const harness = handlerDeps();
    await withCampaign(harness);
    const turn = securityTap({ campaignId: CAMPAIGN_ID }, deepMerge(ANA, inTenant(DUMMY_OTHER_TENANT)));

    const result = await triageCampaign(harness.deps, 'malicious')(turn.context, { campaignId: CAMPAIGN_ID });

    expect(result).toEqual({ error: expect.objectContaining({ status: 403 }) });
    expect((await harness.stores.campaigns.get(CAMPAIGN_ID))?.status).toBe('open');
  });

  it('answers a tap without a user with the unknown-user text', async () => {
    const harness = handlerDeps();

    const result = await rewarnCampaign(harness.deps)(
      securityTap({ campaignId: CAMPAIGN_ID }, fromNobody).context,
      {
        campaignId: CAMPAIGN_ID,
      },
    );

    expect(result).toEqual({ error: expect.objectContaining({ status: 400, message: UNKNOWN_USER_TEXT }) });
  });

  it('queues one re-warning per target and answers with the card listing the action', async () => {
    const harness = handlerDeps();
    await withCampaign(harness);

    const result = await rewarnCampaign(harness.deps)(securityTap({ campaignId: CAMPAIGN_ID }).context, {
      campaignId: CAMPAIGN_ID,
    });

    expect(cardTexts(cardOf(result)).join('\n')).toMatch(/Re-warned 3 users/);
    const rewarnings = (await harness.notifications()).filter((n) => n.kind === 'campaign-rewarn');
    expect(rewarnings).toHaveLength(3);
  });

  it('says what to set up when sign-on is not configured, before asking anyone to sign in', async () => {
    const harness = handlerDeps();
    await withCampaign(harness);

    const result = await removeCampaignChats(harness.deps)(securityTap({ campaignId: CAMPAIGN_ID }).context, {
      campaignId: CAMPAIGN_ID,
    });

    expect(result).toEqual({ message: expect.stringContaining('SSO_CONNECTION_NAME') });
    expect(harness.events.events).toHaveLength(0);
  });

  it('answers the analyst in their own language and keeps the card in the security team’s', async () => {
    const harness = handlerDeps({ profile: { ...DEFAULT_PROFILE, securityTeamLanguage: 'fr' } });
    await withCampaign(harness);
    const german = deepMerge(ANA, { locale: 'de-DE' });

    const refused = await rewarnCampaign(harness.deps)(
      securityTap({ campaignId: 'cmp-unknown' }, german).context,
      {
        campaignId: 'cmp-unknown',
      },
    );
    const setup = await removeCampaignChats(harness.deps)(
      securityTap({ campaignId: CAMPAIGN_ID }, german).context,
      {
        campaignId: CAMPAIGN_ID,
      },
    );
    const triaged = await triageCampaign(harness.deps, 'malicious')(
      securityTap({ campaignId: CAMPAIGN_ID }, german).context,
      { campaignId: CAMPAIGN_ID },
    );

    expect(refused).toEqual({
      error: expect.objectContaining({
        message: 'Diese Kampagne gibt es nicht. Sie ist möglicherweise abgelaufen.',
      }),
    });
    expect(setup).toEqual({
      message: expect.stringContaining('erfordert einmaliges Anmelden (SSO) in Teams'),
    });
    expect(cardTexts(cardOf(triaged))).toContain('Campagne : 3 personnes contactées par IT Helpdesk');
    expect(cardTexts(cardOf(triaged)).join('\n')).not.toMatch(/Kampagne|Campaign:/);
  });

  it('answers in English for a language it has no catalogue for', async () => {
    const harness = handlerDeps();

    const result = await rewarnCampaign(harness.deps)(
      securityTap({ campaignId: 'cmp-unknown' }, deepMerge(ANA, { locale: 'zh-CN' })).context,
      { campaignId: 'cmp-unknown' },
    );

    expect(result).toEqual({
      error: expect.objectContaining({ message: 'There is no such campaign. It may have expired.' }),
    });
  });
});
