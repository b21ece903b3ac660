import { createInstance, type i18n as I18next } from 'i18next';
import { CATALOGUES, type CatalogueTree, type EnglishCatalogue } from './catalogues';
import { FALLBACK_LANGUAGE, LANGUAGES, languageOf, type Language } from './locales';

type Plural = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';
type StripPlural<K extends string> = K extends `${infer Base}_${Plural}` ? Base : K;
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${StripPlural<K>}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
type Branches<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? never : `${P}${K}` | Branches<T[K], `${P}${K}.`>;
}[keyof T & string];

/** A message in the English catalogue, by its dotted key ("verification.result.notVerified"). */
export type MessageKey = Leaves<EnglishCatalogue>;

/** A group of messages a card template reads at once ("welcome.card"). */
export type SectionKey = Branches<EnglishCatalogue>;

/** What a message interpolates; `count` picks the plural form, a Message is translated first. */
export type MessageParams = Record<string, string | number | Date | Message>;

/**
 * Text without a language yet: what domain code returns, so the bot layer can say it in the
 * language of whoever reads it.
 */
export interface Message {
  key: MessageKey;
  params?: MessageParams;
}

export const message = (key: MessageKey, params?: MessageParams): Message =>
  params ? { key, params } : { key };

export const isMessage = (value: unknown): value is Message =>
  typeof value === 'object' && value !== null && typeof (value as Message).key === 'string';

/** A section's strings, interpolated; nested the way the catalogue nests them. */
export interface TextSection {
  [key: string]: string | TextSection;
}

/** Messages in one language. */
export interface Translator {
  readonly language: Language;
  t(key: MessageKey, params?: MessageParams): string;
  /** Every string under `key`, each interpolated with `params`: what a card template reads. */
  section(key: SectionKey, params?: MessageParams): TextSection;
  /** A Message said in this language. */
  text(message: Message): string;
  /** "a, b or c" (disjunction) or "a, b and c" (conjunction), as this language writes lists. */
  list(items: readonly string[], type?: 'conjunction' | 'disjunction'): string;
}

/** Per-language replacements for any message: `{ de: { "welcome.card.title": "..." } }`. */
export type MessageOverrides = Partial<Record<Language, Record<string, string>>>;

/** The catalogues with one profile's overrides: a Translator per language. */
export interface Translations {
  for(locale: string | undefined | null): Translator;
}

const paramsFor = (translator: Translator, params: MessageParams | undefined) => {
  if (!params) return {};
  const plain: Record<string, string | number | Date> = {};
  for (const [name, value] of Object.entries(params))
    plain[name] = isMessage(value) ? translator.text(value) : value;
  return plain;
};

const unflatten = (flat: Record<string, string>): CatalogueTree => {
  const tree: CatalogueTree = {};
  for (const [key, text] of Object.entries(flat)) {
    const parts = key.split('.');
    let node = tree;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as CatalogueTree;
    node[parts[parts.length - 1] as string] = text;
  }
  return tree;
};

const createI18next = (overrides: MessageOverrides): I18next => {
  const instance = createInstance();
  void instance.init({
    // A copy each: i18next merges overrides into the very objects it was given.
    resources: Object.fromEntries(
      LANGUAGES.map((language) => [language, { translation: structuredClone(CATALOGUES[language]) }]),
    ),
    lng: FALLBACK_LANGUAGE,
    fallbackLng: FALLBACK_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    initAsync: false,
    nsSeparator: false,
    returnNull: false,
    // Cards and chat text are not HTML; values that came from outside (display names) are made
    // safe for Teams markdown by whoever passes them, and are never interpolated again.
    interpolation: { escapeValue: false, skipOnVariables: true },
  });
  for (const language of LANGUAGES) {
    const own = overrides[language];
    if (own) instance.addResourceBundle(language, 'translation', unflatten(own), true, true);
  }
  return instance;
};

const createTranslator = (instance: I18next, language: Language): Translator => {
  const fixed = instance.getFixedT(language);
  const conjunction = new Intl.ListFormat(language, { type: 'conjunction' });
  const disjunction = new Intl.ListFormat(language, { type: 'disjunction' });
  const translator: Translator = {
    language,
    t: (key, params) => fixed(key, paramsFor(translator, params)) as string,
    section: (key, params) =>
      fixed(key, { ...paramsFor(translator, params), returnObjects: true }) as unknown as TextSection,
    text: (msg) => translator.t(msg.key, msg.params),
    list: (items, type = 'conjunction') => (type === 'conjunction' ? conjunction : disjunction).format(items),
  };
  return translator;
};

const cache = new WeakMap<MessageOverrides, Translations>();
const NO_OVERRIDES: MessageOverrides = {};

/** The translations for a profile's overrides; built once per overrides object. */
export const translationsFor = (overrides: MessageOverrides = NO_OVERRIDES): Translations => {
  const cached = cache.get(overrides);
  if (cached) return cached;
  const instance = createI18next(overrides);
  const translators = new Map(LANGUAGES.map((language) => [language, createTranslator(instance, language)]));
  const translations: Translations = {
    for: (locale) => translators.get(languageOf(locale)) as Translator,
  };
  cache.set(overrides, translations);
  return translations;
};

/** The translator for a Teams locale, with the profile's overrides (when it has any). */
export const translatorFor = (profile: { messages?: MessageOverrides }, locale: string | undefined | null) =>
  translationsFor(profile.messages).for(locale);

/**
 * The translator of the security team's channel: every analyst there reads the same card,
 * so it is in the profile's `securityTeamLanguage`, not in one reader's.
 */
export const securityTeamTranslator = (profile: {
  messages?: MessageOverrides;
  securityTeamLanguage: Language;
}): Translator => translatorFor(profile, profile.securityTeamLanguage);
