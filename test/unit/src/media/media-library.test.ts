import { createHash } from 'node:crypto';
import { DEFAULT_PROFILE } from '../../../../src/config/helpdesk-profile';
import { ILLUSTRATIONS } from '../../../../src/education/illustrations';
import { LANGUAGES } from '../../../../src/i18n/locales';
import { createMediaLibrary, MEDIA_WIDTH, mediaLibraryFor } from '../../../../src/media/media-library';
import { isPng, readPngSize } from '../../../../src/media/png-size';
import { CJK_FONT_FAMILY, FONT_FAMILY, renderPng } from '../../../../src/media/render-png';
import { decodePng } from '../../../support/decode-png';

describe('the rendered pictures', () => {
  const library = createMediaLibrary(DEFAULT_PROFILE);

  it.each(ILLUSTRATIONS.map(({ id }) => id))('%s is a PNG 600 px wide, small enough for a card', (id) => {
    const { png } = library.image(id);

    expect(isPng(png)).toBe(true);
    expect(readPngSize(png).width).toBe(MEDIA_WIDTH);
    expect(decodePng(png).data.length).toBe(readPngSize(png).width * readPngSize(png).height * 4);
    expect(png.length).toBeLessThan(30_000);
  });

  it.each(ILLUSTRATIONS.map(({ id }) => id))('%s is byte-identical across two renders', (id) => {
    const again = createMediaLibrary({ ...DEFAULT_PROFILE }).image(id);

    expect(again.png.equals(library.image(id).png)).toBe(true);
    expect(again.fileName).toBe(library.image(id).fileName);
  });

  it('renders at a smaller width on request, keeping the aspect ratio', () => {
    const full = readPngSize(library.image('quick-assist').png);
    const small = readPngSize(library.image('quick-assist', 300).png);

    expect(small).toEqual({ width: 300, height: Math.round((full.height * 300) / full.width) });
  });

  it('names each picture by the first 32 hex characters of its SHA-256', () => {
    const image = library.image('display-name');

    expect(image.fileName).toBe(`${createHash('sha256').update(image.png).digest('hex').slice(0, 32)}.png`);
  });

  it('gives pictures of another profile other names', () => {
    const other = createMediaLibrary({ ...DEFAULT_PROFILE, helpdeskName: 'Fabrikam Service Desk' });

    expect(other.image('chat-headers').fileName).not.toBe(library.image('chat-headers').fileName);
  });

  it('finds only the served pictures by file name', () => {
    expect(library.byFileName(library.image('chat-headers').fileName)).toBe(library.image('chat-headers'));
    expect(library.byFileName(library.image('chat-headers', 360).fileName)).toBeUndefined();
    expect(library.byFileName('package.json')).toBeUndefined();
  });

  it('renders once per profile in a process', () => {
    expect(mediaLibraryFor(DEFAULT_PROFILE)).toBe(mediaLibraryFor(DEFAULT_PROFILE));
    expect(mediaLibraryFor(DEFAULT_PROFILE).image('quick-assist')).toBe(
      mediaLibraryFor(DEFAULT_PROFILE).image('quick-assist'),
    );
  });
});

describe('the pictures in every language', () => {
  const profile = { ...DEFAULT_PROFILE };
  const english = mediaLibraryFor(profile);

  it('keeps the English picture of mediaLibraryFor(profile) and of the explicit English library', () => {
    expect(mediaLibraryFor(profile, 'en')).toBe(english);
    expect(english.image('chat-headers').language).toBe('en');
  });

  it.each(LANGUAGES.filter((language) => language !== 'en'))(
    'gives each %s picture its own name and an alt text of its own',
    (language) => {
      const library = mediaLibraryFor(profile, language);
      for (const { id } of ILLUSTRATIONS) {
        expect(library.image(id).fileName).not.toBe(english.image(id).fileName);
        expect(library.image(id).altText).not.toBe(english.image(id).altText);
        expect(library.image(id).language).toBe(language);
      }
    },
  );

  it('names a picture in one language the same on every render (and every replica)', () => {
    const again = createMediaLibrary({ ...DEFAULT_PROFILE }, 'ja').image('quick-assist');

    expect(again.png.equals(mediaLibraryFor(profile, 'ja').image('quick-assist').png)).toBe(true);
    expect(again.fileName).toBe(mediaLibraryFor(profile, 'ja').image('quick-assist').fileName);
  });

  it('finds the pictures of every language drawn for the profile through the English library', () => {
    const german = mediaLibraryFor(profile, 'de').image('display-name');

    expect(english.byFileName(german.fileName)).toBe(german);
    expect(mediaLibraryFor(profile, 'fr').byFileName(english.image('display-name').fileName)).toBe(
      english.image('display-name'),
    );
  });

  it("finds a picture another replica drew in another language, not another profile's", () => {
    const drawnElsewhere = createMediaLibrary({ ...DEFAULT_PROFILE }, 'pt').image('quick-assist');
    const fresh = createMediaLibrary({ ...DEFAULT_PROFILE });
    const otherProfile = createMediaLibrary({ ...DEFAULT_PROFILE, helpdeskName: 'Fabrikam Service Desk' });

    expect(fresh.byFileName(drawnElsewhere.fileName)?.png.equals(drawnElsewhere.png)).toBe(true);
    expect(otherProfile.byFileName(drawnElsewhere.fileName)).toBeUndefined();
  });

  it('alt texts follow the language: German for German', () => {
    expect(mediaLibraryFor(profile, 'de').image('quick-assist').altText).toContain('Remotehilfe');
  });
});

describe('renderPng', () => {
  const svg = (body: string) =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#fff"/>${body}</svg>`;

  it('draws text with the bundled font (no system fonts are loaded)', () => {
    const blank = renderPng(svg(''));
    const written = renderPng(
      svg('<text x="4" y="28" font-size="20" font-family="DejaVu Sans">Hello</text>'),
    );

    expect(written.equals(blank)).toBe(false);
  });

  it('names the bundled families: DejaVu Sans, and Noto Sans JP for Japanese', () => {
    expect([FONT_FAMILY, CJK_FONT_FAMILY]).toEqual(['DejaVu Sans', 'Noto Sans JP']);
  });

  /** Two characters no bundled font has: drawn as the missing-glyph box ("tofu"). */
  const TOFU = '\ue000\ue001';
  const japanese = (family: string, body: string) =>
    svg(`<text x="4" y="28" font-size="20" font-family="${family}">${body}</text>`);

  it('would draw Japanese as tofu with the Latin font alone (why Japanese gets its own font)', () => {
    expect(renderPng(japanese(FONT_FAMILY, '外部'))).toEqual(renderPng(japanese(FONT_FAMILY, TOFU)));
  });

  it('draws Japanese glyphs, not tofu, for a Japanese picture', () => {
    const drawn = renderPng(japanese(CJK_FONT_FAMILY, '外部'), { language: 'ja' });

    expect(drawn.equals(renderPng(japanese(CJK_FONT_FAMILY, TOFU), { language: 'ja' }))).toBe(false);
    expect(drawn.equals(renderPng(japanese(CJK_FONT_FAMILY, ''), { language: 'ja' }))).toBe(false);
    expect(drawn.equals(renderPng(japanese(CJK_FONT_FAMILY, '外部'), { language: 'ja' }))).toBe(true);
  });

  it('falls back to the bundled font for a family it does not have', () => {
    const named = renderPng(svg('<text x="4" y="28" font-size="20" font-family="DejaVu Sans">Hello</text>'));
    const unknown = renderPng(
      svg('<text x="4" y="28" font-size="20" font-family="Comic Sans MS">Hello</text>'),
    );

    expect(unknown.equals(named)).toBe(true);
  });
});
