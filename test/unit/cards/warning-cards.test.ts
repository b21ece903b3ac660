import {
  ACKNOWLEDGE_SENDER_VERB,
  firstContactWarningCard,
  senderOrganisation,
} from '../../../cards/first-contact-warning';
import { REPORT_CHAT_VERB, VERIFY_CALLER_VERB } from '../../../cards/verification-verbs';
import { warningAcknowledgedCard } from '../../../cards/warning-acknowledged';
import { translatorFor } from '../../../src/i18n/translations';
import { cardProblems } from '../../support/card-check';

const en = translatorFor({}, undefined);
const de = translatorFor({}, 'de-DE');

const dummyWarning = {
  senderDisplayName: 'IT Helpdesk',
  senderUpn: 'it@fabrikam-support.onmicrosoft.com',
  senderOrganisation: 'fabrikam-support.onmicrosoft.com',
  chatThreadId: '19:3f2e1d0c-aaaa-bbbb-cccc-0123456789ab_8f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9@unq.gbl.spaces',
  observedAt: '2026-11-27T22:00:00Z',
  reasons: ['The name imitates "IT Helpdesk".', 'The account is in a fresh *.onmicrosoft.com tenant.'],
  orgName: 'Contoso',
  helpdeskName: 'Contoso IT Service Desk',
  campaign: null,
};

type Action = { type: string; verb?: string; data?: { chatThreadId?: string }; card?: { actions: Action[] } };

const allActions = (actions: Action[]): Action[] =>
  actions.flatMap((action) => [action, ...allActions(action.card?.actions ?? [])]);

describe('first-contact warning card', () => {
  const card = firstContactWarningCard(en, dummyWarning);

  it('expands into a valid Adaptive Card', () => {
    expect(cardProblems(card)).toEqual([]);
  });

  it('carries the chat thread ID in every Action.Execute', () => {
    const executes = allActions(card.actions as Action[]).filter(
      (action) => action.type === 'Action.Execute',
    );

    expect(executes.map((action) => action.verb)).toEqual(
      expect.arrayContaining([REPORT_CHAT_VERB, VERIFY_CALLER_VERB, ACKNOWLEDGE_SENDER_VERB]),
    );
    for (const action of executes) expect(action.data?.chatThreadId).toBe(dummyWarning.chatThreadId);
  });

  it("shows who, why, the org's rule and what to do", () => {
    const json = JSON.stringify(card);

    expect(json).toContain('it@fabrikam-support.onmicrosoft.com');
    expect(json).toContain('(External)');
    expect(json).toContain('- The name imitates \\"IT Helpdesk\\".');
    expect(json).toContain('Contoso IT Service Desk never contacts you from outside Contoso.');
    expect(json).toContain('do not open Quick Assist');
  });

  it('mentions a campaign only when there is one', () => {
    expect(JSON.stringify(card)).not.toContain('campaign');

    const withCampaign = JSON.stringify(
      firstContactWarningCard(en, { ...dummyWarning, campaign: { usersReached: 7 } }),
    );
    expect(withCampaign).toContain('has contacted 7 people here recently');
  });

  it('says "not known" when the UPN is missing', () => {
    expect(JSON.stringify(firstContactWarningCard(en, { ...dummyWarning, senderUpn: null }))).toContain(
      'not known',
    );
  });

  it('stays well under the 28 KB card limit with many reasons', () => {
    const big = firstContactWarningCard(en, {
      ...dummyWarning,
      reasons: Array.from({ length: 20 }, (_, i) => `Reason ${i} `.repeat(10)),
    });

    expect(Buffer.byteLength(JSON.stringify(big))).toBeLessThan(28 * 1024);
  });

  it('matches the snapshot', () => {
    expect(card).toMatchSnapshot();
  });
});

describe('senderOrganisation', () => {
  it.each([
    ['it@x.onmicrosoft.com', null, 'x.onmicrosoft.com'],
    [null, '7c9e6679-7425-40de-944b-e07fc1f90ae7', 'tenant 7c9e6679-7425-40de-944b-e07fc1f90ae7'],
    [null, null, 'unknown organisation'],
  ])('%p / %p -> %p', (upn, tenant, expected) => {
    expect(senderOrganisation(en, upn, tenant)).toBe(expected);
  });
});

describe('warning acknowledged card', () => {
  it('expands into a valid card naming the sender', () => {
    const card = warningAcknowledgedCard(en, {
      senderDisplayName: 'Jane Partner',
      orgName: 'Contoso',
      helpdeskName: 'Contoso IT',
    });

    expect(cardProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('You said you know Jane Partner');
  });
});

describe("warning cards in the reader's language", () => {
  const dummyAcknowledged = {
    senderDisplayName: 'Jane Partner',
    orgName: 'Contoso',
    helpdeskName: 'Contoso IT',
  };
  const englishSentences = [
    'Why this looks wrong',
    'never contacts you from outside',
    'What to do now',
    'Report this chat',
    'Verify this caller',
    'I know this person',
    '(External)',
  ];

  it('says the warning in German for a de-DE reader, with no English sentence left', () => {
    const json = JSON.stringify(
      firstContactWarningCard(de, { ...dummyWarning, senderUpn: null, campaign: { usersReached: 7 } }),
    );

    expect(json).toContain('Warnung: Jemand außerhalb von Contoso');
    expect(json).toContain('Contoso IT Service Desk kontaktiert Sie nie von außerhalb von Contoso.');
    expect(json).toContain('(Extern)');
    expect(json).toContain('Diesen Chat melden');
    expect(json).toContain('Ich kenne diese Person');
    expect(json).toContain('hat hier kürzlich 7 Personen kontaktiert');
    expect(json).toContain('unbekannt');
    for (const sentence of englishSentences) expect(json).not.toContain(sentence);
  });

  it('names an unknown organisation in German', () => {
    expect(senderOrganisation(de, null, null)).toBe('unbekannte Organisation');
    expect(senderOrganisation(de, null, 't-1')).toBe('Mandant t-1');
  });

  it('says the acknowledgement in German', () => {
    const json = JSON.stringify(warningAcknowledgedCard(de, dummyAcknowledged));

    expect(json).toContain('Sie haben angegeben, dass Sie Jane Partner kennen');
    expect(json).not.toContain('Stay careful');
  });

  it('falls back to English for a language it has no catalogue for', () => {
    const zh = translatorFor({}, 'zh-CN');

    expect(JSON.stringify(firstContactWarningCard(zh, dummyWarning))).toBe(
      JSON.stringify(firstContactWarningCard(en, dummyWarning)),
    );
  });

  it("uses the profile's override of a message", () => {
    const profile = {
      messages: { de: { 'warning.firstContact.card.report': 'Chat an die IT-Sicherheit melden' } },
    };
    const json = JSON.stringify(firstContactWarningCard(translatorFor(profile, 'de-AT'), dummyWarning));

    expect(json).toContain('Chat an die IT-Sicherheit melden');
    expect(json).not.toContain('Diesen Chat melden');
  });
});
