/**
 * Where a card's Image points: `<PUBLIC_BASE_URL>/media/<hash>.png` when the bot has a
 * public origin, else a data: URI (local runs, the Agents Playground), which travels in
 * the card and so must fit Teams' payload limit.
 */
import type { IllustrationId } from '../education/illustrations';
import type { MediaLibrary } from './media-library';

/** An Adaptive Card Image's url and altText. */
export interface CardImage {
  url: string;
  altText: string;
}

/**
 * Teams refuses a message over about 28 KB; the card gets this much of it, the rest is
 * left to the activity around it (ids, addresses, the summary).
 */
export const CARD_BYTES_LIMIT = 26_000;

/** Widths tried for data: URIs, largest first: smaller pictures before fewer pictures. */
export const DATA_URI_WIDTHS: readonly number[] = [480, 360];

export const MEDIA_PATH = '/media';

export interface FitOptions {
  /** PUBLIC_BASE_URL, without a trailing slash; undefined means data: URIs. */
  publicBaseUrl?: string;
  limitBytes?: number;
}

const urlImage = (library: Pick<MediaLibrary, 'image'>, id: IllustrationId, base: string): CardImage => {
  const image = library.image(id);
  return { url: `${base}${MEDIA_PATH}/${image.fileName}`, altText: image.altText };
};

const dataImage = (library: Pick<MediaLibrary, 'image'>, id: IllustrationId, width: number): CardImage => {
  const image = library.image(id, width);
  return { url: `data:image/png;base64,${image.png.toString('base64')}`, altText: image.altText };
};

/**
 * Builds a card with as many of `ids` as fit under the limit: every picture at the first
 * width that fits, else one picture fewer (the last dropped first), down to none.
 * `build` gets the images in the order of `ids`, possibly shortened.
 */
export const fitCardImages = <T>(
  library: Pick<MediaLibrary, 'image'>,
  ids: readonly IllustrationId[],
  build: (images: CardImage[]) => T,
  { publicBaseUrl, limitBytes = CARD_BYTES_LIMIT }: FitOptions = {},
): T => {
  const fits = (card: T) => Buffer.byteLength(JSON.stringify(card)) <= limitBytes;
  for (let count = ids.length; count > 0; count -= 1) {
    const chosen = ids.slice(0, count);
    const attempts = publicBaseUrl
      ? [() => chosen.map((id) => urlImage(library, id, publicBaseUrl))]
      : DATA_URI_WIDTHS.map((width) => () => chosen.map((id) => dataImage(library, id, width)));
    for (const attempt of attempts) {
      const card = build(attempt());
      if (fits(card)) return card;
    }
  }
  return build([]);
};
