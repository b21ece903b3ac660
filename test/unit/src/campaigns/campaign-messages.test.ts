import { removeChatsSetupText } from '../../../../bot/campaign-wiring';
import { maliciousFeedbackText } from '../../../../src/campaigns/campaign-actions';
import type { CampaignRecord } from '../../../../src/campaigns/campaign-store';
import { translatorFor } from '../../../../src/i18n/translations';

const en = translatorFor({}, 'en');
const de = translatorFor({}, 'de-DE');
const profile = {
  orgName: 'Contoso',
  helpdeskName: 'Contoso IT Service Desk',
  phoneNumbers: ['+1 555 0100'],
};

const campaign = (
  targets: number,
  senders = [{ displayName: 'IT Helpdesk', upn: 'it@x.com', tenantId: null }],
) =>
  ({
    senders,
    targets: Array.from({ length: targets }, (_, i) => ({
      aadObjectId: `t${i}`,
      chatThreadIds: [],
      flags: {},
    })),
  }) as unknown as CampaignRecord;

describe('what a target is told when the campaign is confirmed malicious', () => {
  it('says it in English, word for word as before', () => {
    expect(en.text(maliciousFeedbackText(campaign(3), profile))).toBe(
      'Our security team has confirmed it: IT Helpdesk (it@x.com), who contacted you on Teams, is an attacker pretending to be IT support. ' +
        '2 colleagues were contacted too. Do not reply, do not accept their calls, and never open Quick Assist or any remote-support tool for them. ' +
        'If you already did something they asked (opened Quick Assist or another remote tool, clicked a link, or shared a code or your password), ' +
        'call Contoso IT Service Desk on +1 555 0100 now and say so. Acting quickly stops the attack, and you are not in trouble.',
    );
  });

  it('says it in the target’s language', () => {
    const text = de.text(maliciousFeedbackText(campaign(2), { ...profile, phoneNumbers: [] }));

    expect(text).toContain('Unser Sicherheitsteam hat es bestätigt: IT Helpdesk (it@x.com)');
    expect(text).toContain('1 Kollege oder Kollegin wurde ebenfalls kontaktiert.');
    expect(text).toContain('wenden Sie sich jetzt an Contoso IT Service Desk und sagen Sie es.');
    expect(text).not.toMatch(/Our security team|Do not reply|colleague/);
  });

  it('leaves out the colleagues when there are none, and names the chat without a sender', () => {
    const text = en.text(maliciousFeedbackText(campaign(1, []), profile));

    expect(text).toMatch(/^Our security team has confirmed it: that chat, who contacted you/);
    expect(text).not.toContain('colleague');
  });
});

describe('what an administrator sets up for chat removal', () => {
  const config = { bot: { appId: '11111111-2222-3333-4444-555555555555' }, sso: {} } as Parameters<
    typeof removeChatsSetupText
  >[1];

  it('names the URI and the Teams clients in English', () => {
    const text = removeChatsSetupText(en, config);

    expect(text).toContain(
      'set the Application ID URI to api://botid-11111111-2222-3333-4444-555555555555, add the scope access_as_user, and pre-authorize the Teams clients 1fec8e78-bce4-4aaf-ab1b-5451cc387264 and 5e3ce6c0-2b1f-4285-8d4b-75ee78787346.',
    );
    expect(text.split('\n')).toHaveLength(5);
  });

  it('says the same in German, with the identifiers untouched', () => {
    const text = removeChatsSetupText(de, { ...config, bot: undefined });

    expect(text).toContain('Anwendungs-ID-URI auf api://botid-{MicrosoftAppId}');
    expect(text).toContain('1fec8e78-bce4-4aaf-ab1b-5451cc387264 und 5e3ce6c0-2b1f-4285-8d4b-75ee78787346');
    expect(text).toContain('Der Bot läuft im lokalen Modus');
    expect(text).not.toMatch(/Removing chats needs|Set SSO_CONNECTION_NAME/);
  });
});
