import { DEFAULT_PROFILE, parseHelpdeskProfile } from '../../../../src/config/helpdesk-profile';
import { languageOf } from '../../../../src/i18n/locales';
import { message, translationsFor, translatorFor } from '../../../../src/i18n/translations';

const english = 'I could not tell who you are; please try again from Teams.';

describe('languageOf', () => {
  it.each([
    ['de-DE', 'de'],
    ['de-AT', 'de'],
    ['pt-BR', 'pt'],
    ['PT_pt', 'pt'],
    ['ja', 'ja'],
    ['en-GB', 'en'],
    ['fr-CA', 'fr'],
    ['es-419', 'es'],
    ['zh-CN', 'en'],
    ['', 'en'],
    [undefined, 'en'],
    ['not a locale at all', 'en'],
  ])('%s reads %s', (locale, language) => {
    expect(languageOf(locale)).toBe(language);
  });
});

describe('translatorFor', () => {
  it('speaks the language of the Teams locale, English for one the bot does not ship', () => {
    expect(translatorFor(DEFAULT_PROFILE, undefined).t('common.unknownUser')).toBe(english);
    expect(translatorFor(DEFAULT_PROFILE, 'zh-CN').t('common.unknownUser')).toBe(english);
    for (const locale of ['de-DE', 'fr-FR', 'es-ES', 'pt-BR', 'ja-JP']) {
      const t = translatorFor(DEFAULT_PROFILE, locale);
      expect([locale, t.t('common.unknownUser')]).not.toEqual([locale, english]);
    }
  });

  it('interpolates, and never interpolates what it was given', () => {
    const t = translatorFor(DEFAULT_PROFILE, 'en-US');
    expect(t.t('welcome.card.title', { helpdeskName: 'Fabrikam IT' })).toBe(
      'Helpdesk Guard: is that really Fabrikam IT?',
    );
    // A display name that looks like a placeholder or a nesting stays as it came.
    expect(t.t('common.unknownText.unknown', { echo: '{{helpdeskName}} $t(common.outOfDate)' })).toBe(
      'I don\'t know "{{helpdeskName}} $t(common.outOfDate)".',
    );
  });

  it('gives a card every string of its section, each interpolated', () => {
    const section = translatorFor(DEFAULT_PROFILE, 'de-DE').section('welcome.card', {
      helpdeskName: 'Fabrikam IT',
      internalDomains: '@fabrikam.com',
    });
    expect(section.title).toContain('Fabrikam IT');
    expect(section.genuineAccounts).toContain('@fabrikam.com');
    expect(JSON.stringify(section)).not.toContain('{{');
    expect(typeof (section.commands as Record<string, unknown>).help).toBe('string');
  });

  it('renders a Message, translating a Message among its params first', () => {
    const t = translatorFor(DEFAULT_PROFILE, 'en');
    expect(t.text(message('common.unknownText.unknown', { echo: message('common.seeIntranet') }))).toBe(
      'I don\'t know "see the intranet".',
    );
  });

  it('joins lists as the language does', () => {
    expect(translatorFor(DEFAULT_PROFILE, 'en').list(['a', 'b', 'c'], 'disjunction')).toBe('a, b, or c');
    expect(translatorFor(DEFAULT_PROFILE, 'de').list(['a', 'b', 'c'], 'disjunction')).toBe('a, b oder c');
    expect(translatorFor(DEFAULT_PROFILE, 'ja').list(['a', 'b'])).toBe('a、b');
  });

  it('builds one set of translators per overrides object', () => {
    expect(translationsFor(DEFAULT_PROFILE.messages)).toBe(translationsFor(DEFAULT_PROFILE.messages));
  });
});

describe('profile message overrides', () => {
  const profileWith = (messages: unknown) =>
    parseHelpdeskProfile({ ...DEFAULT_PROFILE, tips: undefined, messages });

  it('replace a message in the language they name, and only there', () => {
    const profile = profileWith({ de: { 'common.seeIntranet': 'siehe https://intranet.contoso.de' } });
    expect(translatorFor(profile, 'de-DE').t('common.seeIntranet')).toBe('siehe https://intranet.contoso.de');
    expect(translatorFor(profile, 'en').t('common.seeIntranet')).toBe('see the intranet');
    expect(translatorFor(DEFAULT_PROFILE, 'de-DE').t('common.seeIntranet')).not.toContain('contoso.de');
    // The rest of the section is still there for the cards.
    expect(translatorFor(profile, 'de-DE').section('common.unknownText').commands).toContain('**help**');
  });

  it('are refused, with the key, when English has no such message', () => {
    expect(() => profileWith({ fr: { 'common.seeIntranett': 'voir' } })).toThrow(
      /messages.*fr\.common\.seeIntranett: no such message/s,
    );
  });

  it('are refused when they use a placeholder the message does not fill', () => {
    expect(() => profileWith({ en: { 'common.unknownText.unknown': 'What is {{text}}?' } })).toThrow(
      /en\.common\.unknownText\.unknown: \{\{text\}\} is not filled/,
    );
  });

  it('are refused for a language the bot does not ship', () => {
    expect(() => profileWith({ zh: { 'common.seeIntranet': '内网' } })).toThrow(/messages/);
  });
});
