import { tipCard } from '../../../cards/tip';
import { welcomeCard, welcomeCardData } from '../../../cards/welcome';
import { DEFAULT_PROFILE, DEFAULT_TIPS } from '../../../src/config/helpdesk-profile';
import { cardProblems } from '../../support/card-check';

describe('welcome card', () => {
  const card = welcomeCard(welcomeCardData(DEFAULT_PROFILE));

  it('expands into a valid Adaptive Card 1.5', () => {
    expect(card.version).toBe('1.5');
    expect(cardProblems(card)).toEqual([]);
  });

  it('repeats one line per contact channel', () => {
    const json = JSON.stringify(card);

    for (const channel of DEFAULT_PROFILE.contactChannels) expect(json).toContain(`- ${channel}`);
  });

  it("states the org's rule with the internal domains", () => {
    const json = JSON.stringify(card);

    expect(json).toContain('Contoso IT Service Desk never contacts you from an external organisation.');
    expect(json).toContain('@contoso.com');
  });

  it('says "see the intranet" when a profile has no phone or portal', () => {
    const json = JSON.stringify(
      welcomeCard(welcomeCardData({ ...DEFAULT_PROFILE, phoneNumbers: [], portalUrl: undefined })),
    );

    expect(json).toContain('see the intranet');
  });

  it('matches the snapshot', () => {
    expect(card).toMatchSnapshot();
  });
});

describe('tip card', () => {
  const card = tipCard({ number: 2, total: DEFAULT_TIPS.length, text: DEFAULT_TIPS[1] });

  it('expands into a valid card with the position and the text', () => {
    expect(cardProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain(`Tip 2 of ${DEFAULT_TIPS.length}`);
  });

  it('matches the snapshot', () => {
    expect(card).toMatchSnapshot();
  });
});
