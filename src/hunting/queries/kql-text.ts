/**
 * The few facts about a query file's KQL that the loader checks or changes, read from its
 * text: where the comments are, whether it filters on the poller's window, what its final
 * `project` lists, and its `let` parameters. Not a KQL parser: the files are ours, and each
 * check fails loudly when a file stops looking the way it expects.
 */
import { kqlStringLiteral } from '../../reports/hunting-query';

/**
 * `kql` without its `//` comments (to the end of the line), string literals kept: a `//`
 * inside "..." or '...' (a URL) is text, not a comment.
 */
export const stripKqlComments = (kql: string): string => {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < kql.length; i += 1) {
    const ch = kql[i]!;
    if (quote) {
      out += ch;
      if (ch === '\\') out += kql[++i] ?? '';
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      out += ch;
    } else if (ch === '/' && kql[i + 1] === '/') {
      // Up to the line's end; the newline itself is kept by the next turn.
      while (i + 1 < kql.length && kql[i + 1] !== '\n') i += 1;
    } else out += ch;
  }
  return out;
};

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether the code filters `column` on the window the poller prepends: `column between (hgFrom .. hgTo)`. */
export const filtersOnWindow = (code: string, column: string): boolean =>
  new RegExp(`\\b${escapeRegExp(column)}\\s+between\\s*\\(\\s*hgFrom\\s*\\.\\.\\s*hgTo\\s*\\)`).test(code);

/** Whether the code binds hgFrom or hgTo itself, which would hide the window the poller prepends. */
export const bindsWindow = (code: string): boolean => /\blet\s+hg(From|To)\s*=/.test(code);

/**
 * The columns of the code's last `| project`, when it is the last operator and lists plain
 * column names; undefined otherwise (no such `project`, an operator after it, or a `Name = ...`).
 */
export const finalProjectColumns = (code: string): string[] | undefined => {
  const match = /\|\s*project\s+([^|]*)$/.exec(code.trim());
  if (!match) return undefined;
  const columns = match[1]!.split(',').map((column) => column.trim());
  return columns.every((column) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(column)) ? columns : undefined;
};

/** The string literals of a `dynamic([...])` list: `]` inside one does not end the list. */
const LIST = String.raw`dynamic\(\[((?:\s*"(?:[^"\\]|\\.)*"\s*,?)*)\s*\]\)`;

/** `let name = dynamic(["...", ...]);` at the start of a line, the form the loader replaces. */
const letListPattern = (name: string): RegExp =>
  new RegExp(`^(let\\s+${escapeRegExp(name)}\\s*=\\s*)${LIST}(\\s*;)`, 'm');

/** `let name = <whole number>;` at the start of a line. */
const letNumberPattern = (name: string): RegExp =>
  new RegExp(`^(let\\s+${escapeRegExp(name)}\\s*=\\s*)\\d+(\\s*;)`, 'm');

/**
 * `kql` with `let name = dynamic([...]);` holding `values` as KQL string literals (escaped, so
 * no value can end the literal and add query text); undefined when the file has no such line.
 */
export const withLetList = (kql: string, name: string, values: readonly string[]): string | undefined => {
  const pattern = letListPattern(name);
  if (!pattern.test(kql)) return undefined;
  const list = values.map((value) => kqlStringLiteral(value)).join(', ');
  return kql.replace(
    pattern,
    (_line, head: string, _old: string, tail: string) => `${head}dynamic([${list}])${tail}`,
  );
};

/** `kql` with `let name = <value>;`; undefined when the file has no such line. */
export const withLetNumber = (kql: string, name: string, value: number): string | undefined => {
  const pattern = letNumberPattern(name);
  if (!pattern.test(kql)) return undefined;
  return kql.replace(pattern, (_line, head: string, tail: string) => `${head}${value}${tail}`);
};

/** The string values of `let name = dynamic([...]);`, as the file lists them; undefined without one. */
export const letListValues = (kql: string, name: string): string[] | undefined => {
  const match = letListPattern(name).exec(kql);
  if (!match) return undefined;
  return [...match[2]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map(
    (value) => JSON.parse(`"${value[1]}"`) as string,
  );
};
