/**
 * The typed list commands: `blocklist`, `blocklist add <value> [days] [reason]`,
 * `blocklist remove <value>`, the same for `allowlist`. Pure: text in, command out.
 */
import { message, type Message } from '../i18n/translations';
import type { SenderListName } from './sender-list-entry';

/** Longest expiry a typed or card entry may have. */
export const MAX_LIST_DAYS = 3650;
/** Longest reason kept with an entry. */
export const MAX_REASON_LENGTH = 200;

export type ListCommand =
  | { list: SenderListName; action: 'show' }
  | { list: SenderListName; action: 'add'; value: string; days?: number; reason?: string }
  | { list: SenderListName; action: 'remove'; value: string }
  /** Not a command this understands: `message` says how to type one. */
  | { list: SenderListName; action: 'refused'; message: Message };

const COMMAND = /^\s*(block|allow)list\b\s*(.*)$/is;
const NUMBERISH = /^[-+]?\d+(?:[.,]\d+)?$/;

/** How to type the commands of one list. */
export const listUsage = (list: SenderListName): Message =>
  message(list === 'block' ? 'security.lists.block.usage' : 'security.lists.allow.usage');

/**
 * A list's expiry in days, from what was typed or put on the card: undefined for none,
 * a number for a whole number from 1 to MAX_LIST_DAYS, NaN for anything else.
 */
export const parseDays = (raw: string | number | undefined): number | undefined => {
  if (raw === undefined || raw === '') return undefined;
  const days = typeof raw === 'number' ? raw : NUMBERISH.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  return Number.isInteger(days) && days >= 1 && days <= MAX_LIST_DAYS ? days : Number.NaN;
};

/** The refusal of days that are not a whole number in range. */
export const DAYS_REFUSAL: Message = message('security.lists.days', { max: MAX_LIST_DAYS });

/** The command in a message, or undefined when the message is not a list command at all. */
export const parseListCommand = (text: string): ListCommand | undefined => {
  const match = COMMAND.exec(text);
  if (!match) return undefined;
  const list: SenderListName = match[1].toLowerCase() === 'block' ? 'block' : 'allow';
  const [verb = '', value = '', ...rest] = match[2].trim().split(/\s+/).filter(Boolean);
  const action = verb.toLowerCase();
  if (action === '') return { list, action: 'show' };
  if ((action === 'add' || action === 'remove') && value === '')
    return {
      list,
      action: 'refused',
      message: message(action === 'add' ? 'security.lists.sayWhatAdd' : 'security.lists.sayWhatRemove', {
        usage: listUsage(list),
      }),
    };
  if (action === 'remove' && rest.length === 0) return { list, action: 'remove', value };
  if (action !== 'add') return { list, action: 'refused', message: listUsage(list) };
  const daysWord = rest[0] !== undefined && NUMBERISH.test(rest[0]) ? rest[0] : undefined;
  const days = parseDays(daysWord);
  if (Number.isNaN(days)) return { list, action: 'refused', message: DAYS_REFUSAL };
  const reason = rest
    .slice(daysWord === undefined ? 0 : 1)
    .join(' ')
    .slice(0, MAX_REASON_LENGTH);
  return {
    list,
    action: 'add',
    value,
    ...(days === undefined ? {} : { days }),
    ...(reason === '' ? {} : { reason }),
  };
};
