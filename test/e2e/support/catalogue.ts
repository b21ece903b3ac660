import { DEFAULT_PROFILE } from '../../../src/config/helpdesk-profile';
import { translatorFor, type MessageKey, type MessageParams } from '../../../src/i18n/translations';

/**
 * The English catalogue (src/i18n/catalogues/en/*.json) with the default profile's
 * overrides: the texts the bot shows, so a reworded message never breaks the walk.
 */
const en = translatorFor(DEFAULT_PROFILE, 'en');

/** A parameter whose value the test cannot know (a time, a generated ID): matches any text. */
export const ANY = '\u0001any\u0001';

/**
 * A count whose value the test cannot know: the plural form of many, matching any number.
 * (An {@link ANY} count would pick no plural form at all.)
 */
export const ANY_COUNT = 918_273_645;

/** What the page shows of a markdown text: the words, without the marks. */
const withoutMarkdown = (text: string): string => text.replace(/\*\*|`/g, '');

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A message as the page shows it, e.g. `shown('report.thanks.card.title')`. */
export const shown = (key: MessageKey, params?: MessageParams): string => withoutMarkdown(en.t(key, params));

/**
 * A message as a pattern, for texts with parts the test cannot know or does not name: a
 * parameter left out or given as {@link ANY} (and an {@link ANY_COUNT} count) matches any
 * text, and any run of spaces matches any whitespace (the page wraps lines its own way).
 */
export const shownPattern = (key: MessageKey, params?: MessageParams): RegExp =>
  new RegExp(
    shown(key, params)
      // i18next leaves a parameter it was not given as it is written: {{name}}.
      .replace(/\{\{[^}]+\}\}/g, ANY)
      .split(ANY)
      .map((part) => escape(part).replace(/\s+/g, '\\s+').replace(String(ANY_COUNT), '\\d+'))
      .join('.+?'),
  );
