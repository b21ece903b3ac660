/**
 * Reading the values of one advanced hunting row as runHuntingQuery's JSON gives them:
 * strings, numbers, booleans, and for dynamic columns nested JSON (an object or an array).
 * Rows come from outside, so every reader takes `unknown` and answers undefined for anything
 * it does not recognise; the interpreters skip such a row and say why.
 */

/** An advanced hunting row: column name to value. */
export type HuntingRow = Record<string, unknown>;

/** A row an interpreter left out, and why (a short code such as `timestamp_invalid`). */
export interface RowSkip {
  index: number;
  reason: string;
}

/** Where an interpreter reports the rows it leaves out; the poller logs or counts them. */
export type OnRowSkip = (skip: RowSkip) => void;

/** Does nothing: for callers that have nothing to do with skipped rows. */
export const ignoreSkips: OnRowSkip = () => undefined;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Teams chat thread IDs, as the signed webhook accepts them (first-contact-signal.ts). */
const CHAT_THREAD_ID = /^19:[A-Za-z0-9_.\-:=]+@(unq\.gbl\.spaces|thread\.v2|thread\.tacv2|thread\.skype)$/;
const UPN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A non-empty trimmed string, else undefined. */
export const text = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed.length > 0 ? trimmed : undefined;
};

/** An Entra object or tenant ID in lower case, else undefined. */
export const guid = (value: unknown): string | undefined => {
  const id = text(value)?.toLowerCase();
  return id && GUID.test(id) ? id : undefined;
};

/** A user principal name (or SMTP address) in lower case, else undefined. */
export const upn = (value: unknown): string | undefined => {
  const name = text(value)?.toLowerCase();
  return name && UPN.test(name) ? name : undefined;
};

/** A Teams chat thread ID as given (thread IDs are compared as given), else undefined. */
export const chatThreadId = (value: unknown): string | undefined => {
  const id = text(value);
  return id && CHAT_THREAD_ID.test(id) ? id : undefined;
};

/** A DateTime value (ISO 8601, as Kusto writes it with 7 decimals) in ms since the epoch, else undefined. */
export const time = (value: unknown): number | undefined => {
  const iso = text(value);
  // An ISO date with its time and zone; Date.parse alone would take "2026" or "Nov 27".
  if (!iso || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(iso))
    return undefined;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : undefined;
};

/** A finite number: Kusto's long and real come as JSON numbers, a big long possibly as a string. */
export const number = (value: unknown): number | undefined => {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

/** A boolean column: true or false, or 1 or 0 (MessageEvents documents its flags as 1 and 0). */
export const flag = (value: unknown): boolean | undefined => {
  if (value === true || value === 1 || value === '1' || value === 'true' || value === 'True') return true;
  if (value === false || value === 0 || value === '0' || value === 'false' || value === 'False') return false;
  return undefined;
};

/**
 * A dynamic column's value: nested JSON as the answer carries it, or the same JSON in a string
 * (as a dynamic value written out by tostring() or an export reads); undefined when neither.
 */
export const dynamicValue = (value: unknown): unknown => {
  if (typeof value !== 'string') return value ?? undefined;
  const trimmed = value.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    // Not JSON after all: the same as a value of the wrong type.
    return undefined;
  }
};

/** A dynamic column holding an object (a property bag), else undefined. */
export const bag = (value: unknown): Record<string, unknown> | undefined => {
  const parsed = dynamicValue(value);
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : undefined;
};

/** A dynamic column holding an array, else undefined. */
export const list = (value: unknown): unknown[] | undefined => {
  const parsed = dynamicValue(value);
  return Array.isArray(parsed) ? parsed : undefined;
};

/** The lower-cased tenant or object IDs of a dynamic array column; IDs that are no GUID are left out. */
export const guidList = (value: unknown): string[] =>
  (list(value) ?? []).map(guid).filter((id): id is string => id !== undefined);
