import { tipCard } from '../../../cards/tip';
import { TIP_NEXT_VERB } from '../../../cards/tip-verbs';
import { welcomeCard, welcomeCardData } from '../../../cards/welcome';
import { DEFAULT_PROFILE } from '../../../src/config/helpdesk-profile';
import { DEFAULT_LESSONS, lessonText } from '../../../src/education/tips';
import { LANGUAGES } from '../../../src/i18n/locales';
import { textIn } from '../../../src/i18n/localized-text';
import { translatorFor } from '../../../src/i18n/translations';
import { cardProblems } from '../../support/card-check';

const EN = translatorFor(DEFAULT_PROFILE, 'en');

describe('welcome card', () => {
  const card = welcomeCard(welcomeCardData(EN, DEFAULT_PROFILE));

  it('expands into a valid Adaptive Card 1.5', () => {
    expect(card.version).toBe('1.5');
    expect(cardProblems(card)).toEqual([]);
  });

  it('repeats one line per contact channel', () => {
    const json = JSON.stringify(card);

    for (const channel of DEFAULT_PROFILE.contactChannels)
      expect(json).toContain(`- ${textIn(channel, 'en')}`);
  });

  it("states the org's rule with the internal domains", () => {
    const json = JSON.stringify(card);

    expect(json).toContain('Contoso IT Service Desk never contacts you from an external organisation.');
    expect(json).toContain('@contoso.com');
  });

  it('says "see the intranet" when a profile has no phone or portal', () => {
    const json = JSON.stringify(
      welcomeCard(welcomeCardData(EN, { ...DEFAULT_PROFILE, phoneNumbers: [], portalUrl: undefined })),
    );

    expect(json).toContain('see the intranet');
  });

  it.each(LANGUAGES)('is a valid card in %s, every template expression filled', (language) => {
    const localized = welcomeCard(welcomeCardData(translatorFor(DEFAULT_PROFILE, language), DEFAULT_PROFILE));

    expect(cardProblems(localized)).toEqual([]);
    expect(JSON.stringify(localized)).not.toMatch(/\$\{|\{\{|undefined/);
  });

  it('matches the snapshot', () => {
    expect(card).toMatchSnapshot();
  });
});

describe('tip card', () => {
  const position = { number: 2, total: DEFAULT_LESSONS.length };
  const card = tipCard({
    t: EN.section('welcome.tip', position),
    text: lessonText(DEFAULT_LESSONS[1] ?? { text: '' }, EN),
    nextVerb: TIP_NEXT_VERB,
  });

  it('expands into a valid card with the position and the text', () => {
    expect(cardProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain(`Tip 2 of ${DEFAULT_LESSONS.length}`);
  });

  it('asks the bot for the next tip with an Action.Execute (every client sends it; not all send imBack)', () => {
    expect((card as { actions: unknown[] }).actions).toEqual([
      { type: 'Action.Execute', title: EN.t('welcome.tip.next'), verb: TIP_NEXT_VERB },
    ]);
  });

  it('matches the snapshot', () => {
    expect(card).toMatchSnapshot();
  });
});
