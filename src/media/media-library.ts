/**
 * The pictures as content-addressed PNGs: each rendered once per process and profile,
 * named by the SHA-256 of its bytes, so a URL never changes meaning and caches may keep
 * it forever. Rendering is deterministic (src/media/render-png.ts), so every replica
 * gives a picture the same name.
 */
import { createHash } from 'node:crypto';
import type { HelpdeskProfile } from '../config/helpdesk-profile';
import { ILLUSTRATIONS, type IllustrationId } from '../education/illustrations';
import { renderPng } from './render-png';

/** The width served at /media: sharp at the width a card shows it, on a high-density screen too. */
export const MEDIA_WIDTH = 600;

export interface MediaImage {
  id: IllustrationId;
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
  /** A served picture by its file name; undefined for any other name. */
  byFileName(fileName: string): MediaImage | undefined;
}

const HASH_HEX_CHARS = 32;

/** The content address of PNG bytes. */
export const mediaHash = (png: Buffer): string =>
  createHash('sha256').update(png).digest('hex').slice(0, HASH_HEX_CHARS);

/** A library that renders `profile`'s pictures lazily and keeps them. */
export const createMediaLibrary = (profile: HelpdeskProfile): MediaLibrary => {
  const rendered = new Map<string, MediaImage>();
  let served: Map<string, MediaImage> | undefined;
  const image = (id: IllustrationId, width = MEDIA_WIDTH): MediaImage => {
    const key = `${id}@${width}`;
    const known = rendered.get(key);
    if (known) return known;
    const illustration = ILLUSTRATIONS.find((candidate) => candidate.id === id);
    if (!illustration) throw new Error(`no illustration '${id}'`);
    const png = renderPng(illustration.svg(profile), { width });
    const hash = mediaHash(png);
    const made = { id, png, hash, fileName: `${hash}.png`, altText: illustration.altText(profile) };
    rendered.set(key, made);
    return made;
  };
  return {
    image,
    byFileName(fileName) {
      // Only the MEDIA_WIDTH renders have URLs; the smaller ones travel inside cards as data URIs.
      served ??= new Map(ILLUSTRATIONS.map(({ id }) => [image(id).fileName, image(id)] as const));
      return served.get(fileName);
    },
  };
};

const libraries = new WeakMap<HelpdeskProfile, MediaLibrary>();

/**
 * The process's library for a profile: the media route and the cards share it, so a card
 * only ever points at a picture the route serves.
 */
export const mediaLibraryFor = (profile: HelpdeskProfile): MediaLibrary => {
  let library = libraries.get(profile);
  if (!library) {
    library = createMediaLibrary(profile);
    libraries.set(profile, library);
  }
  return library;
};
