/**
 * The pictures the education cards show, drawn as SVG from the helpdesk profile. Plain
 * functions: profile in, SVG text out; src/media renders and serves them.
 */
import type { HelpdeskProfile } from '../../config/helpdesk-profile';
import { chatHeadersAlt, chatHeadersSvg } from './chat-headers';
import { displayNameAlt, displayNameSvg } from './display-name';
import { quickAssistAlt, quickAssistSvg } from './quick-assist';

export type IllustrationId = 'chat-headers' | 'display-name' | 'quick-assist';

export interface Illustration {
  id: IllustrationId;
  /** The SVG document; every profile string in it is escaped. */
  svg: (profile: HelpdeskProfile) => string;
  /** What a screen reader reads instead (the card Image's altText). */
  altText: (profile: HelpdeskProfile) => string;
}

/** Every picture, in a stable order. */
export const ILLUSTRATIONS: readonly Illustration[] = [
  { id: 'chat-headers', svg: chatHeadersSvg, altText: chatHeadersAlt },
  { id: 'display-name', svg: displayNameSvg, altText: displayNameAlt },
  { id: 'quick-assist', svg: quickAssistSvg, altText: quickAssistAlt },
];

/** Which picture says a tip better, by what the tip is about; undefined when none does. */
export const illustrationForTip = (tip: string): IllustrationId | undefined => {
  if (/quick assist|anydesk|teamviewer/i.test(tip)) return 'quick-assist';
  if (/display names?\b/i.test(tip)) return 'display-name';
  if (/\bexternal\b|accept\s*\/\s*block/i.test(tip)) return 'chat-headers';
  return undefined;
};
