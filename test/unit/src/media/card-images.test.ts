import { DEFAULT_PROFILE } from '../../../../src/config/helpdesk-profile';
import {
  CARD_BYTES_LIMIT,
  DATA_URI_WIDTHS,
  fitCardImages,
  type CardImage,
} from '../../../../src/media/card-images';
import { createMediaLibrary } from '../../../../src/media/media-library';
import { readPngSize } from '../../../../src/media/png-size';

const library = createMediaLibrary(DEFAULT_PROFILE);
const dummyCard = (images: CardImage[]) => ({ type: 'AdaptiveCard', images });
const pngOf = (image: CardImage) => Buffer.from(image.url.replace(/^data:image\/png;base64,/, ''), 'base64');

describe('fitCardImages', () => {
  it('links every picture from PUBLIC_BASE_URL when it is set', () => {
    const card = fitCardImages(library, ['chat-headers', 'quick-assist'], dummyCard, {
      publicBaseUrl: 'https://guard.contoso.com',
    });

    expect(card.images).toEqual([
      {
        url: `https://guard.contoso.com/media/${library.image('chat-headers').fileName}`,
        altText: library.image('chat-headers').altText,
      },
      {
        url: `https://guard.contoso.com/media/${library.image('quick-assist').fileName}`,
        altText: library.image('quick-assist').altText,
      },
    ]);
  });

  it('without it, carries the picture as a data: URI at the largest width that fits', () => {
    const card = fitCardImages(library, ['quick-assist'], dummyCard);

    expect(card.images[0].url).toMatch(/^data:image\/png;base64,/);
    expect(readPngSize(pngOf(card.images[0])).width).toBe(DATA_URI_WIDTHS[0]);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(CARD_BYTES_LIMIT);
  });

  it('shrinks the pictures before dropping one', () => {
    const atLargest = Buffer.byteLength(JSON.stringify(dummyCard([])));
    const limitBytes =
      atLargest + Math.ceil((library.image('quick-assist', DATA_URI_WIDTHS[0]).png.length * 4) / 3);

    const card = fitCardImages(library, ['quick-assist'], dummyCard, { limitBytes: limitBytes - 1 });

    expect(card.images).toHaveLength(1);
    expect(readPngSize(pngOf(card.images[0])).width).toBe(DATA_URI_WIDTHS[DATA_URI_WIDTHS.length - 1]);
  });

  it('drops the last pictures first when not all fit', () => {
    const card = fitCardImages(library, ['chat-headers', 'quick-assist'], dummyCard);

    expect(card.images.map((image) => image.altText)).toEqual([library.image('chat-headers').altText]);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(CARD_BYTES_LIMIT);
  });

  it('drops every picture when even the smallest does not fit', () => {
    const card = fitCardImages(library, ['chat-headers'], dummyCard, { limitBytes: 2_000 });

    expect(card.images).toEqual([]);
  });
});
