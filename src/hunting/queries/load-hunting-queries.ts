import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { HelpdeskGuardError } from '../../errors';
import type { HuntingQuery } from '../poller/hunting-query';
import {
  DEFAULT_MAIL_FLOOD_THRESHOLD,
  DEFAULT_REMOTE_TOOLS,
  HUNTING_QUERY_COLUMNS,
  HUNTING_QUERY_NAMES,
  HUNTING_TIMESTAMP_COLUMN,
  type HuntingQueryName,
} from './hunting-query-specs';
import {
  bindsWindow,
  filtersOnWindow,
  finalProjectColumns,
  stripKqlComments,
  withLetList,
  withLetNumber,
} from './kql-text';

/** A query as the poller takes it, less `handle`, which the wiring adds. */
export type HuntingQueryText = Omit<HuntingQuery, 'handle'> & { name: HuntingQueryName };

/** Every query by name, frozen. */
export type HuntingQueryTexts = Readonly<Record<HuntingQueryName, Readonly<HuntingQueryText>>>;

/** What the configuration sets in the query texts. */
export interface HuntingQueryOptions {
  /** Process names remote-tools.kql looks for; DEFAULT_REMOTE_TOOLS when not set. */
  remoteTools?: readonly string[];
  /** Messages in one 15-minute bin from which mail-flood.kql returns a mailbox; DEFAULT_MAIL_FLOOD_THRESHOLD when not set. */
  mailFloodThreshold?: number;
}

/** The folder the .kql files ship in: this one. */
export const HUNTING_QUERY_DIR = __dirname;

/** A process name as DeviceProcessEvents.FileName has it: no path, no characters Windows forbids in names. */
const FILE_NAME = /^[^\\/:*?"<>|]{1,255}$/;

/** Whether `name` has a control character, which no file name has. */
const hasControl = (name: string): boolean =>
  [...name].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);

const invalid = (message: string, cause?: unknown): HelpdeskGuardError =>
  new HelpdeskGuardError('config_invalid', message, cause === undefined ? undefined : { cause });

const checkedRemoteTools = (tools: readonly string[]): string[] => {
  const bad = tools.filter((tool) => !FILE_NAME.test(tool.trim()) || hasControl(tool));
  if (tools.length === 0 || bad.length > 0) {
    throw invalid(
      `remote tools ${bad.length > 0 ? `${bad.map((tool) => JSON.stringify(tool)).join(', ')} are not process names` : 'list is empty'}; ` +
        'list process file names such as QuickAssist.exe, AnyDesk.exe, comma-separated',
    );
  }
  // in~ compares case-insensitively: one entry per name is enough.
  const byName = new Map<string, string>();
  for (const tool of tools)
    if (!byName.has(tool.trim().toLowerCase())) byName.set(tool.trim().toLowerCase(), tool.trim());
  return [...byName.values()];
};

const checkedThreshold = (threshold: number): number => {
  if (!Number.isSafeInteger(threshold) || threshold < 1) {
    throw invalid(
      `mail flood threshold ${threshold} is not a whole number of messages; set it to 1 or more (50 by default)`,
    );
  }
  return threshold;
};

const readQueryFile = async (file: string): Promise<string> => {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw invalid(
      `hunting query file ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}); ` +
        'ship src/hunting/queries/*.kql with the bot, or pass the folder that holds them',
      err,
    );
  }
};

/** The file's text checked against its declaration; throws config_invalid naming the file and the fix. */
const checkedQuery = (name: HuntingQueryName, file: string, kql: string): HuntingQueryText => {
  const code = stripKqlComments(kql);
  const columns = HUNTING_QUERY_COLUMNS[name];
  const timestampColumn = HUNTING_TIMESTAMP_COLUMN;
  if (!filtersOnWindow(code, timestampColumn)) {
    throw invalid(
      `hunting query file ${file} does not filter on the poller's window; ` +
        `add \`| where ${timestampColumn} between (hgFrom .. hgTo)\` (the poller prepends hgFrom and hgTo)`,
    );
  }
  if (bindsWindow(code)) {
    throw invalid(
      `hunting query file ${file} binds hgFrom or hgTo itself; remove those lets: the poller prepends them`,
    );
  }
  const projected = finalProjectColumns(code);
  if (!projected || projected.join(',') !== columns.join(',')) {
    throw invalid(
      `hunting query file ${file} must end with \`| project ${columns.join(', ')}\`` +
        (projected ? `; it projects ${projected.join(', ')}` : ''),
    );
  }
  return { name, kql, columns, timestampColumn };
};

/** The file's text with the configured parameters; throws when the file lacks the line to set. */
const withParameters = (
  name: HuntingQueryName,
  file: string,
  kql: string,
  options: { remoteTools: string[]; mailFloodThreshold: number },
): string => {
  if (name === 'remote-tools') {
    const set = withLetList(kql, 'remoteTools', options.remoteTools);
    if (set === undefined)
      throw invalid(`hunting query file ${file} has no \`let remoteTools = dynamic([...]);\` line to fill`);
    return set;
  }
  if (name === 'mail-flood') {
    const set = withLetNumber(kql, 'floodThreshold', options.mailFloodThreshold);
    if (set === undefined)
      throw invalid(`hunting query file ${file} has no \`let floodThreshold = <number>;\` line to fill`);
    return set;
  }
  return kql;
};

/**
 * Reads every query file (`<name>.kql` in `dir`), checks it filters `Timestamp between
 * (hgFrom .. hgTo)` and ends projecting exactly its declared columns, fills the configured
 * remote tools and mail-flood threshold, and pairs it with its columns and timestamp column.
 * Run at start: a missing or malformed file rejects with config_invalid saying what to fix.
 */
export const loadHuntingQueries = async (
  dir: string = HUNTING_QUERY_DIR,
  options: HuntingQueryOptions = {},
): Promise<HuntingQueryTexts> => {
  const parameters = {
    remoteTools: checkedRemoteTools(options.remoteTools ?? DEFAULT_REMOTE_TOOLS),
    mailFloodThreshold: checkedThreshold(options.mailFloodThreshold ?? DEFAULT_MAIL_FLOOD_THRESHOLD),
  };
  const loaded = await Promise.allSettled(
    HUNTING_QUERY_NAMES.map(async (name) => {
      const file = path.join(dir, `${name}.kql`);
      const text = await readQueryFile(file);
      return Object.freeze(checkedQuery(name, file, withParameters(name, file, text, parameters)));
    }),
  );
  // Every broken file in one error, as loadConfig reports every bad setting at once.
  const failures = loaded.flatMap((result) =>
    result.status === 'rejected' ? [result.reason as unknown] : [],
  );
  if (failures.length > 0) {
    const messages = failures.map((err) => (err instanceof Error ? err.message : String(err)));
    throw invalid(messages.join('\n'), failures.length === 1 ? failures[0] : new AggregateError(failures));
  }
  const queries = loaded.map(
    (result) => (result as PromiseFulfilledResult<Readonly<HuntingQueryText>>).value,
  );
  return Object.freeze(Object.fromEntries(queries.map((query) => [query.name, query])) as HuntingQueryTexts);
};
