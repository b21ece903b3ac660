/**
 * Configured URLs carry credentials: `redis://:password@host`, `http://user:password@host`,
 * a token as the user name (`https://TOKEN@host`), an Azure Logic Apps trigger's `sig=`,
 * a SAS `sv=...&sig=...`. Nothing that is logged, printed or put into an error message may
 * show them, so every such place passes the URL (or the text around it) through here.
 */

/** What stands in for a removed credential or query value. */
export const REDACTED = '[redacted]';

/** `scheme://` as RFC 3986 spells a scheme. */
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** A URL inside free text: a scheme, `://`, then anything up to whitespace, a quote or a bracket. */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"`<>]+/gi;

/** A relative reference with a query inside free text (`POST /hook?sig=...`, an echoed request line). */
const QUERY_IN_TEXT = /\/[^\s?#'"`<>]*\?[^\s'"`<>]+/g;

/** Sentence punctuation after a URL in prose is not part of it. */
const TRAILING_PUNCTUATION = /[.,;:!?)}]+$/;

/** Applies `redact` to `match` without its trailing sentence punctuation, which it puts back. */
const keepPunctuation = (match: string, redact: (reference: string) => string): string => {
  const punctuation = TRAILING_PUNCTUATION.exec(match)?.[0] ?? '';
  return redact(match.slice(0, match.length - punctuation.length)) + punctuation;
};

/** `a=1&b&c=` -> `a=[redacted]&[redacted]&c=`: keys stay, values go, a bare key (maybe a token) goes too. */
const redactQuery = (query: string): string =>
  query
    .split('#')[0]
    .split('&')
    .map((part) => {
      if (part === '') return part;
      const equals = part.indexOf('=');
      if (equals === -1) return REDACTED;
      return equals === part.length - 1 ? part : `${part.slice(0, equals + 1)}${REDACTED}`;
    })
    .join('&');

/**
 * For a value the URL parser refuses (`tcp://user:pw@host:99999`, `redis://:pa/ss@host`):
 * everything up to the last `@` before the query is taken for userinfo. That may hide a
 * path with an `@` in it too, which is the safe way to be wrong.
 */
const redactUnparsed = (value: string): string => {
  const scheme = SCHEME.exec(value)?.[0] ?? '';
  const rest = value.slice(scheme.length);
  const queryAt = rest.search(/[?#]/);
  const beforeQuery = queryAt === -1 ? rest : rest.slice(0, queryAt);
  const after = queryAt === -1 ? '' : rest.slice(queryAt);
  const at = beforeQuery.lastIndexOf('@');
  const location = at === -1 ? beforeQuery : `${REDACTED}@${beforeQuery.slice(at + 1)}`;
  const query = after.startsWith('?') ? `?${redactQuery(after.slice(1))}` : '';
  return `${scheme}${location}${query}`;
};

/**
 * A URL fit for a log line or an error message:
 * - any userinfo is replaced by `[redacted]@` as a whole, the user name too: without a
 *   password it is often the token itself (`https://TOKEN@host`);
 * - every query value becomes `[redacted]`, keys stay (`?api-version=[redacted]&sig=[redacted]`),
 *   so an operator still sees which endpoint it was; a key without `=` goes as a whole;
 * - the fragment is dropped;
 * - scheme, host, port and path stay: they say where it points (a secret in a path cannot
 *   be told from a resource name; such URLs must not be logged in the first place).
 *
 * A URL with nothing to redact comes back exactly as given. Never throws: a value the URL
 * parser refuses is still stripped of anything before an `@` and of query values.
 */
export const redactUrl = (value: string): string => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return redactUnparsed(value);
  }
  const slashes = url.href.startsWith(`${url.protocol}//`) ? '//' : '';
  // `user:pw@host:6379` parses as scheme `user:` with the path `pw@host:6379`.
  if (slashes === '' && value.includes('@')) return redactUnparsed(value);
  const userinfo = url.username !== '' || url.password !== '';
  if (!userinfo && url.search === '' && url.hash === '' && !/[?#]/.test(value)) return value;
  const query = url.search === '' ? '' : `?${redactQuery(url.search.slice(1))}`;
  return `${url.protocol}${slashes}${userinfo ? `${REDACTED}@` : ''}${url.host}${url.pathname}${query}`;
};

/**
 * `text` with every URL in it passed through {@link redactUrl}, and the query values of
 * relative references (`/hook?sig=...`) redacted too: for error messages of fetch, undici,
 * Node and SDKs, which quote the URL they failed on ("Request cannot be constructed from a
 * URL that includes credentials: http://user:pw@host/x"). Only `scheme://` URLs are
 * recognised; a bare `user@host` is left alone, as it is more often an e-mail address.
 */
export const redactUrlsIn = (text: string): string =>
  text
    .replace(URL_IN_TEXT, (match) => keepPunctuation(match, redactUrl))
    .replace(QUERY_IN_TEXT, (match) =>
      keepPunctuation(match, (reference) => {
        const at = reference.indexOf('?');
        return `${reference.slice(0, at)}?${redactQuery(reference.slice(at + 1))}`;
      }),
    );
