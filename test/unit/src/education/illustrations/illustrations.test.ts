import { DEFAULT_PROFILE, type HelpdeskProfile } from '../../../../../src/config/helpdesk-profile';
import { ILLUSTRATIONS, illustrationForTip } from '../../../../../src/education/illustrations';
import { escapeXml } from '../../../../../src/education/illustrations/escape-xml';
import { LANGUAGES } from '../../../../../src/i18n/locales';
import { translatorFor } from '../../../../../src/i18n/translations';
import { renderPng } from '../../../../../src/media/render-png';

const en = translatorFor(DEFAULT_PROFILE, 'en');
const de = translatorFor(DEFAULT_PROFILE, 'de-DE');
const ja = translatorFor(DEFAULT_PROFILE, 'ja-JP');
const svgOf = (id: string, profile: HelpdeskProfile = DEFAULT_PROFILE, t = en): string =>
  ILLUSTRATIONS.find((illustration) => illustration.id === id)!.svg(profile, t);
/** The words drawn in an SVG, one per <text>. */
const wordsOf = (svg: string): string[] => [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

/** Every string the pictures take from the profile, made hostile. */
const HOSTILE = '</text><script>alert(1)</script><text x="0" y="0">&amp; "q" \'a\' \u0000\u0007\ud800';
const hostileProfile: HelpdeskProfile = {
  ...DEFAULT_PROFILE,
  orgName: `Evil ${HOSTILE}`,
  helpdeskName: `Desk ${HOSTILE}`,
  internalDomains: ['contoso.com'],
};

describe('escapeXml', () => {
  it.each([
    ['<', '&lt;'],
    ['>', '&gt;'],
    ['&', '&amp;'],
    ['"', '&quot;'],
    ["'", '&apos;'],
    ['&amp;', '&amp;amp;'],
    ['a\u0000b\u001fc', 'abc'],
    ['lone \ud800 surrogate', 'lone  surrogate'],
    ['kept: \ud83d\udee1 tab\tnewline\n', 'kept: \ud83d\udee1 tab\tnewline\n'],
  ])('turns %j into %j', (raw, escaped) => {
    expect(escapeXml(raw)).toBe(escaped);
  });
});

describe.each(ILLUSTRATIONS.map((illustration) => [illustration.id, illustration] as const))(
  'the %s picture',
  (_id, illustration) => {
    it('adds no markup from hostile profile strings', () => {
      const svg = illustration.svg(hostileProfile, en);

      expect(svg).not.toContain('<script');
      expect(svg).not.toContain('\u0000');
      expect(svg.match(/<text /g)?.length).toBe(svg.match(/<\/text>/g)?.length);
    });

    it('still renders with hostile profile strings (the SVG stays well-formed)', () => {
      expect(() => renderPng(illustration.svg(hostileProfile, en))).not.toThrow();
    });

    it('has an alt text that names what it shows', () => {
      expect(illustration.altText(DEFAULT_PROFILE, en).length).toBeGreaterThan(40);
    });
  },
);

describe('the pictures from the profile', () => {
  it("show the real helpdesk's name and domain, and the impersonator's onmicrosoft.com account", () => {
    const svg = svgOf('chat-headers', {
      ...DEFAULT_PROFILE,
      helpdeskName: 'Fabrikam Service Desk',
      orgName: 'Fabrikam',
      internalDomains: ['fabrikam.com'],
    });

    expect(svg).toContain('>Fabrikam Service Desk<');
    expect(svg).toContain('>@fabrikam.com<');
    expect(svg).toContain('>IT Helpdesk<');
    expect(svg).toContain('>External<');
    expect(svg).toMatch(/>it\.support@fabrikam-helpdesk\.onmicrosoft\.com</);
    expect(svg).toContain('>Block<');
    expect(svg).toContain('>Accept<');
  });

  it('caption Quick Assist "Never for an external chat"', () => {
    const svg = svgOf('quick-assist');

    expect(svg).toContain('>Never for an external chat<');
  });
});

describe("the pictures in the reader's language", () => {
  it('label the German chat headers as German Teams does', () => {
    const words = wordsOf(svgOf('chat-headers', DEFAULT_PROFILE, de));

    expect(words).toEqual(
      expect.arrayContaining(['Echt', 'Gefälscht', 'Extern', 'Blockieren', 'Annehmen', 'IT-Helpdesk']),
    );
    expect(words).toContain('IT-Helpdesk (Extern) möchte mit Ihnen chatten');
  });

  it('show Quick Assist with the German Windows names and the German caption', () => {
    const words = wordsOf(svgOf('quick-assist', DEFAULT_PROFILE, de));

    expect(words).toEqual(expect.arrayContaining(['Remotehilfe', 'Hilfe erhalten', 'Senden']));
    expect(words).toContain('Niemals für einen externen Chat');
  });

  it('draw Japanese pictures in Japanese, with the Japanese font', () => {
    const svg = svgOf('chat-headers', DEFAULT_PROFILE, ja);

    expect(wordsOf(svg)).toEqual(expect.arrayContaining(['外部', '承諾', 'ブロック']));
    expect(svg).toContain('font-family="Noto Sans JP"');
  });

  it.each(ILLUSTRATIONS.map(({ id }) => id))(
    '%s draws no English word in German (only profile names, addresses and product names)',
    (id) => {
      const german = wordsOf(svgOf(id, DEFAULT_PROFILE, de));
      const english = new Set(wordsOf(svgOf(id)));
      const kept = german.filter((word) => english.has(word));

      expect(kept.filter((word) => !/Contoso|@|\.com|^[A-Z]{1,2}$/.test(word))).toEqual([]);
    },
  );

  it.each(ILLUSTRATIONS.map(({ id }) => id))('%s has an alt text in German', (id) => {
    const alt = ILLUSTRATIONS.find((illustration) => illustration.id === id)!.altText(DEFAULT_PROFILE, de);

    expect(alt).toMatch(/ Sie |Anzeigename|Konto|Remotehilfe/);
    expect(alt).not.toMatch(/\b(the|with|never|account)\b/);
  });

  it('falls back to the English pictures for a language the bot has no catalogue for', () => {
    expect(svgOf('display-name', DEFAULT_PROFILE, translatorFor(DEFAULT_PROFILE, 'zh-CN'))).toBe(
      svgOf('display-name'),
    );
  });

  it("uses the profile's overrides for a picture's words", () => {
    const profile = {
      ...DEFAULT_PROFILE,
      messages: { de: { 'pictures.quickAssist.caption': 'Nie im Chat!' } },
    };

    expect(wordsOf(svgOf('quick-assist', profile, translatorFor(profile, 'de')))).toContain('Nie im Chat!');
  });

  it.each(LANGUAGES.map((language) => [language] as const))('every %s picture renders', (language) => {
    const t = translatorFor(DEFAULT_PROFILE, language);
    for (const illustration of ILLUSTRATIONS)
      expect(() => renderPng(illustration.svg(DEFAULT_PROFILE, t), { language })).not.toThrow();
  });
});

describe('illustrationForTip', () => {
  it.each([
    [en.t('welcome.defaultTips.externalLabel'), 'chat-headers'],
    [en.t('welcome.defaultTips.acceptBlock'), 'chat-headers'],
    [en.t('welcome.defaultTips.quickAssist'), 'quick-assist'],
    [en.t('welcome.defaultTips.displayNames'), 'display-name'],
    [en.t('welcome.defaultTips.urgency'), undefined],
    ['Call 4444 for IT.', undefined],
  ])('pictures %j with %s', (tip, id) => {
    expect(illustrationForTip(tip)).toBe(id);
  });
});
