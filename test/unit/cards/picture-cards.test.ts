import {
  firstContactWarningCardWithPicture,
  type FirstContactWarningData,
} from '../../../cards/first-contact-warning';
import { nudgeCard } from '../../../cards/nudge';
import { tipCardWithPicture } from '../../../cards/tip';
import { welcomeCardWithPictures } from '../../../cards/welcome';
import { DEFAULT_PROFILE, type HelpdeskProfile } from '../../../src/config/helpdesk-profile';
import { DEFAULT_LESSONS, type Lesson } from '../../../src/education/tips';
import { translatorFor } from '../../../src/i18n/translations';
import { cardProblems } from '../../support/card-check';

/** Teams' limit on a message's payload. */
const TEAMS_PAYLOAD_BYTES = 28 * 1024;
const BASE = 'https://guard.contoso.com';

/** Every string a card shows at the longest the profile schema allows. */
const longProfile: HelpdeskProfile = {
  ...DEFAULT_PROFILE,
  orgName: 'O'.repeat(80),
  helpdeskName: 'H'.repeat(80),
  displayNames: Array.from({ length: 20 }, (_, i) => `${i} ${'d'.repeat(110)}`),
  contactChannels: Array.from({ length: 10 }, () => 'c'.repeat(200)),
};

const dummyWarning: Omit<FirstContactWarningData, 'picture'> = {
  senderDisplayName: 'IT Helpdesk',
  senderUpn: 'it@helpdesk-x.onmicrosoft.com',
  senderOrganisation: 'helpdesk-x.onmicrosoft.com',
  chatThreadId: '19:abc_def@unq.gbl.spaces',
  observedAt: '2026-11-27T22:00:00Z',
  reasons: ['The name looks like a helpdesk.', 'The account is in another organisation.'],
  orgName: 'Contoso',
  helpdeskName: 'Contoso IT Service Desk',
  campaign: null,
};

interface ImageElement {
  type: 'Image';
  url: string;
  altText?: string;
}

const imagesOf = (card: object): ImageElement[] => {
  const found: ImageElement[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      if ((node as { type?: string }).type === 'Image') found.push(node as ImageElement);
      Object.values(node).forEach(walk);
    }
  };
  walk(card);
  return found;
};

const bytes = (card: object) => Buffer.byteLength(JSON.stringify(card));

const EN = translatorFor(DEFAULT_PROFILE, 'en');
const lesson = (index: number) => DEFAULT_LESSONS[index] as Lesson;

const cards: Array<[string, (profile: HelpdeskProfile, base?: string) => object, number]> = [
  ['welcome', (profile, base) => welcomeCardWithPictures(EN, profile, { publicBaseUrl: base }), 2],
  [
    'German welcome',
    (profile, base) =>
      welcomeCardWithPictures(translatorFor(profile, 'de-DE'), profile, { publicBaseUrl: base }),
    2,
  ],
  [
    'Japanese welcome',
    (profile, base) =>
      welcomeCardWithPictures(translatorFor(profile, 'ja-JP'), profile, { publicBaseUrl: base }),
    2,
  ],
  [
    'tip about the External label',
    (profile, base) =>
      tipCardWithPicture(EN, profile, { number: 1, total: 8 }, lesson(0), { publicBaseUrl: base }),
    1,
  ],
  [
    'tip about Quick Assist',
    (profile, base) =>
      tipCardWithPicture(EN, profile, { number: 3, total: 8 }, lesson(2), { publicBaseUrl: base }),
    1,
  ],
  [
    'French tip about Quick Assist',
    (profile, base) =>
      tipCardWithPicture(translatorFor(profile, 'fr'), profile, { number: 3, total: 8 }, lesson(2), {
        publicBaseUrl: base,
      }),
    1,
  ],
  [
    'nudge about a copied name',
    (profile, base) =>
      nudgeCard(
        translatorFor(profile, 'pt-BR'),
        profile,
        { sender: 'Contoso IT Servlce Desk', chatThreadId: '19:abc@unq.gbl.spaces', trick: 'copied-name' },
        { publicBaseUrl: base },
      ),
    1,
  ],
  [
    'first-contact warning',
    (profile, base) => firstContactWarningCardWithPicture(EN, profile, dummyWarning, { publicBaseUrl: base }),
    1,
  ],
  [
    'German first-contact warning',
    (profile, base) =>
      firstContactWarningCardWithPicture(translatorFor(profile, 'de-DE'), profile, dummyWarning, {
        publicBaseUrl: base,
      }),
    1,
  ],
];

describe.each(cards)('the %s card', (_name, build, pictures) => {
  it('is a valid card whose every Image has an alt text', () => {
    const card = build(DEFAULT_PROFILE, BASE);

    expect(cardProblems(card)).toEqual([]);
    expect(imagesOf(card)).toHaveLength(pictures);
    for (const image of imagesOf(card)) expect(image.altText?.length).toBeGreaterThan(40);
  });

  it('links its pictures from PUBLIC_BASE_URL when set', () => {
    for (const image of imagesOf(build(DEFAULT_PROFILE, BASE)))
      expect(image.url).toMatch(/^https:\/\/guard\.contoso\.com\/media\/[0-9a-f]{32}\.png$/);
  });

  it.each([
    ['the default profile', DEFAULT_PROFILE],
    ['a profile with the longest strings allowed', longProfile],
  ])('with data: URIs stays under the Teams payload limit, for %s', (_what, profile) => {
    const card = build(profile);

    expect(bytes(card)).toBeLessThan(TEAMS_PAYLOAD_BYTES);
    // A longer language with the longest profile may leave no room for a picture: the text wins.
    const localizedWelcome = /^(German|Japanese) welcome$/.test(_name);
    if (profile === DEFAULT_PROFILE || !localizedWelcome) expect(imagesOf(card).length).toBeGreaterThan(0);
    for (const image of imagesOf(card)) expect(image.url).toMatch(/^data:image\/png;base64,/);
  });
});

describe('pictures that do not fit', () => {
  it('the welcome card keeps the chat headers and drops Quick Assist when carried as data: URIs', () => {
    const images = imagesOf(welcomeCardWithPictures(EN, DEFAULT_PROFILE));

    expect(images.map((image) => image.altText)).toEqual([expect.stringMatching(/^Two Teams chat headers/)]);
  });

  it('a warning with very many reasons drops its picture rather than pass the limit', () => {
    const card = firstContactWarningCardWithPicture(EN, DEFAULT_PROFILE, {
      ...dummyWarning,
      reasons: Array.from({ length: 60 }, (_, i) => `Reason ${i}: ${'r'.repeat(300)}`),
    });

    expect(imagesOf(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('Reason 59');
  });

  it('a tip with no matching picture has no Image', () => {
    expect(imagesOf(tipCardWithPicture(EN, DEFAULT_PROFILE, { number: 6, total: 8 }, lesson(5)))).toEqual([]);
  });
});
