import { catalogueProblems } from '../../../../src/i18n/catalogue-check';
import { CATALOGUES, ENGLISH, leavesOf, PLURAL_SUFFIX } from '../../../../src/i18n/catalogues';
import { LANGUAGES } from '../../../../src/i18n/locales';

describe('the message catalogues', () => {
  it.each(LANGUAGES.filter((language) => language !== 'en'))(
    '%s has every English message, with the same placeholders, and nothing else',
    (language) => {
      expect(catalogueProblems(language, CATALOGUES[language], ENGLISH)).toEqual([]);
    },
  );

  it('English gives both plural forms of every plural message', () => {
    expect(catalogueProblems('en', ENGLISH, ENGLISH)).toEqual([]);
    const plural = [...leavesOf(ENGLISH).keys()].filter((key) => PLURAL_SUFFIX.test(key));
    for (const key of plural) {
      const base = key.replace(PLURAL_SUFFIX, '');
      expect(leavesOf(ENGLISH).has(`${base}_one`) && leavesOf(ENGLISH).has(`${base}_other`)).toBe(true);
    }
  });

  it('every area of the bot has messages in English', () => {
    for (const [area, messages] of Object.entries(ENGLISH))
      expect([area, leavesOf(messages).size > 0]).toEqual([area, true]);
  });
});

describe('catalogueProblems', () => {
  const english = {
    greet: { hello: 'Hello {{name}}', bye: 'Bye' },
    chats_one: 'one chat',
    chats_other: '{{count}} chats from {{sender}}',
  };

  it('names a missing message, an extra one, an empty one and a changed placeholder', () => {
    const german = {
      greet: { hello: 'Hallo {{nom}}', bye: ' ', extra: 'Zusatz' },
      chats_one: 'ein Chat',
    };
    expect(catalogueProblems('de', german, english)).toEqual([
      'de: chats_other is missing',
      'de: greet.hello fills {nom}, English {name}',
      'de: greet.bye is empty',
      'de: greet.extra is not in English (or not a plural form de uses)',
      'de: chats_one fills {}, English {sender}',
    ]);
  });

  it('asks each language for its own plural forms', () => {
    const japanese = {
      greet: { hello: '{{name}}さん', bye: 'さようなら' },
      chats_other: '{{sender}}から{{count}}件',
    };
    expect(catalogueProblems('ja', japanese, english)).toEqual([]);
    expect(catalogueProblems('fr', { ...japanese, chats_one: '{{sender}}' }, english)).toEqual([
      'fr: chats_many is missing',
    ]);
  });
});
