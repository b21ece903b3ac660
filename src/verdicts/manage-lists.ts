/**
 * The security team's view and edits of the sender lists, from a command or a card tap:
 * who may (SECURITY_TEAM_IDS, checked from the acting user, never the card), what may be
 * listed (parseListValue), and the change itself (SenderLists, which emits its event).
 */
import type { ErrorCode } from '../errors';
import { message, type Message } from '../i18n/translations';
import type { SecurityTeam } from '../reports/report-deps';
import { parseListValue, type HomeOrganisation } from './list-value';
import {
  SENDER_LIST_KINDS,
  type ListActor,
  type SenderListEntry,
  type SenderListKey,
  type SenderListName,
} from './sender-list-entry';
import type { ListedEntries } from './sender-list-store';
import type { SenderLists } from './sender-lists';

const DAY_MS = 24 * 60 * 60_000;

/** The user acting, from the activity (tenant and object ID lower-cased). */
export interface ListUser extends ListActor {
  tenantId: string;
}

export interface ListRefusal {
  ok: false;
  reason: 'not_authorized' | 'invalid_value' | 'not_found' | 'full';
  errorCode: ErrorCode;
  message: Message;
}

export type ListAnswer<T> = ({ ok: true } & T) | ListRefusal;

export interface ManageListsDeps {
  lists: SenderLists;
  securityTeam: SecurityTeam;
  home: HomeOrganisation;
}

export interface AddByHandInput {
  list: SenderListName;
  /** As typed: a UPN, a tenant ID or a domain. */
  value: string;
  days?: number;
  reason?: string;
}

const NOT_AUTHORIZED: ListRefusal = {
  ok: false,
  reason: 'not_authorized',
  errorCode: 'not_authorized',
  message: message('security.lists.notAuthorized'),
};

const invalid = (refusal: Message): ListRefusal => ({
  ok: false,
  reason: 'invalid_value',
  errorCode: 'body_invalid',
  message: refusal,
});

/** How an entry is named in answers: "it@x.com (sender)". */
export const entryName = (key: SenderListKey): Message =>
  message('security.lists.entryName', {
    value: key.value,
    kind: message(`security.lists.kinds.${key.kind}`),
  });

/** A key as a card tap states it: checked for shape, never trusted to exist. */
export const keyFromCard = (kind: unknown, value: unknown): SenderListKey | undefined =>
  typeof kind === 'string' &&
  (SENDER_LIST_KINDS as readonly string[]).includes(kind) &&
  typeof value === 'string' &&
  value.length > 0 &&
  value.length <= 320
    ? { kind: kind as SenderListKey['kind'], value: value.trim().toLowerCase() }
    : undefined;

/** Builds the three operations; each refuses a non-member before reading anything. */
export const manageLists = (deps: ManageListsDeps) => {
  const member = (user: ListUser): Promise<boolean> =>
    deps.securityTeam.isMember(user.tenantId, user.aadObjectId);
  const actor = (user: ListUser): ListActor => ({ aadObjectId: user.aadObjectId, name: user.name });

  return {
    /** Whether the user may see and change the lists (a refusal before any other answer). */
    isMember: member,
    /** The refusal for a user who is not on the security team. */
    notAuthorized: NOT_AUTHORIZED,

    /** The list, newest first. */
    async show(user: ListUser, list: SenderListName): Promise<ListAnswer<{ listed: ListedEntries }>> {
      if (!(await member(user))) return NOT_AUTHORIZED;
      return { ok: true, listed: await deps.lists.list(list) };
    },

    /** Adds a typed value; it replaces an entry of the same value on the other list. */
    async add(
      user: ListUser,
      input: AddByHandInput,
    ): Promise<ListAnswer<{ entry: SenderListEntry; previous?: SenderListEntry }>> {
      if (!(await member(user))) return NOT_AUTHORIZED;
      const parsed = parseListValue(input.value, deps.home);
      if (!parsed.ok) return invalid(parsed.message);
      const added = await deps.lists.add({
        list: input.list,
        key: parsed.key,
        reason: input.reason?.trim() || `Added by hand by ${user.name}`,
        by: actor(user),
        ...(input.days === undefined ? {} : { ttlMs: input.days * DAY_MS }),
      });
      if (!added.ok) return { ok: false, reason: 'full', errorCode: 'body_invalid', message: added.message };
      return added.previous
        ? { ok: true, entry: added.entry, previous: added.previous }
        : { ok: true, entry: added.entry };
    },

    /** Removes a typed value (or a card's key) from the list. */
    async remove(
      user: ListUser,
      list: SenderListName,
      value: string | SenderListKey,
    ): Promise<ListAnswer<{ removed: SenderListEntry }>> {
      if (!(await member(user))) return NOT_AUTHORIZED;
      let key: SenderListKey;
      if (typeof value === 'string') {
        const parsed = parseListValue(value, deps.home);
        if (!parsed.ok) return invalid(parsed.message);
        key = parsed.key;
      } else key = value;
      const removed = await deps.lists.remove(list, key, actor(user));
      if (!removed)
        return {
          ok: false,
          reason: 'not_found',
          errorCode: 'not_found',
          message: message(list === 'block' ? 'security.lists.block.notOn' : 'security.lists.allow.notOn', {
            entry: entryName(key),
          }),
        };
      return { ok: true, removed };
    },
  };
};

export type ManageLists = ReturnType<typeof manageLists>;
