/**
 * The pictures as content-addressed PNGs: each rendered once per process, profile and
 * language, named by the SHA-256 of its bytes, so a URL never changes meaning and caches
 * may keep it forever (a picture in another language has other bytes, so another name).
 * Rendering is deterministic (src/media/render-png.ts), so every replica gives a picture
 * the same name.
 */
import { createHash } from 'node:crypto';
import type { HelpdeskProfile } from '../config/helpdesk-profile';
import { ILLUSTRATIONS, type IllustrationId } from '../education/illustrations';
import { LANGUAGES, type Language } from '../i18n/locales';
import { translatorFor } from '../i18n/translations';
import { renderPng } from './render-png';

/** The width served at /media: sharp at the width a card shows it, on a high-density screen too. */
export const MEDIA_WIDTH = 600;

export interface MediaImage {
  id: IllustrationId;
  /** The language of the picture's words and alt text. */
  language: Language;
  png: Buffer;
  /** The first 32 hex characters of the PNG's SHA-256. */
  hash: string;
  /** `<hash>.png`, the name under /media/. */
  fileName: string;
  altText: string;
}

export interface MediaLibrary {
  /** The picture at `width` pixels (MEDIA_WIDTH by default), rendered on first use. */
  image(id: IllustrationId, width?: number): MediaImage;
  /**
   * A served picture by its file name, in any language of the profile (the route serves
   * every language from one library); undefined for any other name.
   */
  byFileName(fileName: string): MediaImage | undefined;
}

const HASH_HEX_CHARS = 32;

/** The content address of PNG bytes. */
export const mediaHash = (png: Buffer): string =>
  createHash('sha256').update(png).digest('hex').slice(0, HASH_HEX_CHARS);

/** One profile's pictures in every language, and the served (MEDIA_WIDTH) ones by file name. */
interface ProfileMedia {
  library(language: Language): MediaLibrary;
}

const createProfileMedia = (profile: HelpdeskProfile): ProfileMedia => {
  const rendered = new Map<string, MediaImage>();
  // Only the MEDIA_WIDTH renders have URLs; the smaller ones travel inside cards as data URIs.
  const served = new Map<string, MediaImage>();
  let everyPictureRendered = false;

  const image = (language: Language, id: IllustrationId, width = MEDIA_WIDTH): MediaImage => {
    const key = `${language}:${id}@${width}`;
    const known = rendered.get(key);
    if (known) return known;
    const illustration = ILLUSTRATIONS.find((candidate) => candidate.id === id);
    if (!illustration) throw new Error(`no illustration '${id}'`);
    const t = translatorFor(profile, language);
    const png = renderPng(illustration.svg(profile, t), { width, language });
    const hash = mediaHash(png);
    const made = {
      id,
      language,
      png,
      hash,
      fileName: `${hash}.png`,
      altText: illustration.altText(profile, t),
    };
    rendered.set(key, made);
    if (width === MEDIA_WIDTH) served.set(made.fileName, made);
    return made;
  };

  const byFileName = (fileName: string): MediaImage | undefined => {
    const known = served.get(fileName);
    if (known || everyPictureRendered) return known;
    // A name this process has not drawn yet may come from a card another replica sent: draw
    // every picture of the profile once (each language), the set of names that can be served.
    everyPictureRendered = true;
    for (const language of LANGUAGES) for (const { id } of ILLUSTRATIONS) image(language, id);
    return served.get(fileName);
  };

  const libraries = new Map<Language, MediaLibrary>();
  return {
    library(language) {
      let library = libraries.get(language);
      if (!library) {
        library = { image: (id, width) => image(language, id, width), byFileName };
        libraries.set(language, library);
      }
      return library;
    },
  };
};

/**
 * A library that renders `profile`'s pictures in `language` lazily and keeps them. Its
 * `byFileName` serves only pictures of this library's profile (every language).
 */
export const createMediaLibrary = (profile: HelpdeskProfile, language: Language = 'en'): MediaLibrary =>
  createProfileMedia(profile).library(language);

const media = new WeakMap<HelpdeskProfile, ProfileMedia>();

/**
 * The process's library for a profile and a language: the media route and the cards share
 * the profile's pictures, so a card in any language only ever points at a picture the route
 * serves.
 */
export const mediaLibraryFor = (profile: HelpdeskProfile, language: Language = 'en'): MediaLibrary => {
  let forProfile = media.get(profile);
  if (!forProfile) {
    forProfile = createProfileMedia(profile);
    media.set(profile, forProfile);
  }
  return forProfile.library(language);
};
