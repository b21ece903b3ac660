import type { TurnContext } from 'botbuilder';
import { senderListCard, type SenderListCardData } from '../../cards/sender-list';
import { message, translatorFor, type Message, type Translator } from '../../src/i18n/translations';
import {
  DAYS_REFUSAL,
  entryName,
  keyFromCard,
  manageLists,
  MAX_REASON_LENGTH,
  parseDays,
  parseListCommand,
  SENDER_LIST_NAMES,
  type ListRefusal,
  type ListUser,
  type ManageLists,
  type SenderListEntry,
  type SenderListName,
} from '../../src/verdicts';
import { activityUser, isPersonal } from '../activity-user';
import { dataString, type CardActionHandler, type CardActionResult } from '../card-action';
import type { Deps } from '../deps';
import { sendCard } from '../send-card';
import { triageReport } from './triage-report';

type ListDeps = Pick<Deps, 'config' | 'profile' | 'senderLists' | 'securityTeam' | 'log'>;

/** The list operations over the store set, for SECURITY_TEAM_IDS (checked from the acting user). */
const manageOf = ({ config, profile, senderLists, securityTeam }: ListDeps): ManageLists =>
  manageLists({
    lists: senderLists,
    securityTeam,
    home: { tenantId: config.homeTenantId, domains: profile.internalDomains },
  });

const listUserOf = (context: TurnContext): ListUser | undefined => {
  const user = activityUser(context.activity);
  return user && { ...user, name: context.activity.from.name ?? 'security team' };
};

const utc = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

const addedText = (entry: SenderListEntry, previous?: SenderListEntry): Message => {
  const moved = previous !== undefined && previous.list !== entry.list;
  const entryText = entryName(entry);
  if (entry.expiresAt === undefined)
    return message(`security.lists.${entry.list}.${moved ? 'moved' : 'added'}`, { entry: entryText });
  return message(`security.lists.${entry.list}.${moved ? 'movedUntil' : 'addedUntil'}`, {
    entry: entryText,
    until: utc(entry.expiresAt),
  });
};

const removedText = (entry: SenderListEntry): Message =>
  message(`security.lists.${entry.list}.removed`, { entry: entryName(entry) });

const STATUS: Record<ListRefusal['reason'], 400 | 403 | 404> = {
  not_authorized: 403,
  invalid_value: 400,
  not_found: 404,
  full: 400,
};

const refusalOf = (t: Translator, refusal: ListRefusal): CardActionResult => ({
  error: { status: STATUS[refusal.reason], code: refusal.errorCode, message: t.text(refusal.message) },
});

/** The list card, refreshed; `notice` says what the tap did. Undefined for a non-member. */
const listCard = async (
  t: Translator,
  manage: ManageLists,
  user: ListUser,
  list: SenderListName,
  notice?: SenderListCardData['notice'],
): Promise<CardActionResult> => {
  const shown = await manage.show(user, list);
  if (!shown.ok) return refusalOf(t, shown);
  return { card: senderListCard(t, { list, ...shown.listed, ...(notice ? { notice } : {}) }) };
};

const listOf = (data: Record<string, unknown>): SenderListName | undefined =>
  (SENDER_LIST_NAMES as readonly unknown[]).includes(data.list) ? (data.list as SenderListName) : undefined;

/**
 * `blocklist` / `allowlist` (the card), `… add <value> [days] [reason]`, `… remove <value>`:
 * security team only, in the 1:1 chat.
 */
export const senderListText = (deps: ListDeps) => {
  const manage = manageOf(deps);
  return async (context: TurnContext): Promise<void> => {
    const command = parseListCommand(context.activity.text ?? '');
    const user = listUserOf(context);
    if (!command) return;
    const t = translatorFor(deps.profile, context.activity.locale);
    const say = async (text: Message): Promise<void> => void (await context.sendActivity(t.text(text)));
    if (!user) return void (await context.sendActivity(t.t('common.unknownUser')));
    if (!isPersonal(context.activity)) return say(message('security.lists.notPersonal'));
    if (command.action === 'refused') {
      // A non-member learns nothing, not even how to type the commands.
      const member = await manage.isMember(user);
      return say(member ? command.message : manage.notAuthorized.message);
    }
    if (command.action === 'show') {
      const shown = await manage.show(user, command.list);
      if (!shown.ok) return say(shown.message);
      await sendCard(
        context,
        senderListCard(t, { list: command.list, ...shown.listed }),
        t.t(`security.lists.${command.list}.name`),
      );
      return;
    }
    const answer =
      command.action === 'add'
        ? await manage.add(user, command)
        : await manage.remove(user, command.list, command.value);
    if (!answer.ok) {
      deps.log.warn({ reason: answer.reason, aadObjectId: user.aadObjectId }, 'sender list command refused');
      return say(answer.message);
    }
    await say('entry' in answer ? addedText(answer.entry, answer.previous) : removedText(answer.removed));
  };
};

/** "Remove" on a list card entry: data `{ list, kind, value }`; answers with the list refreshed. */
export const removeSenderListEntry = (deps: ListDeps): CardActionHandler => {
  const manage = manageOf(deps);
  return async (context, data) => {
    const t = translatorFor(deps.profile, context.activity.locale);
    const user = listUserOf(context);
    if (!user) return { error: { status: 400, code: 'user_unknown', message: t.t('common.unknownUser') } };
    const list = listOf(data);
    const key = keyFromCard(data.kind, data.value);
    if (!list || !key)
      return {
        error: { status: 400, code: 'body_invalid', message: t.t('security.lists.noEntry') },
      };
    const removed = await manage.remove(user, list, key);
    if (!removed.ok && removed.reason !== 'not_found') return refusalOf(t, removed);
    // Already gone (another analyst, or it expired): show the list as it is now.
    const notice = removed.ok
      ? { text: removedText(removed.removed) }
      : { text: removed.message, refused: true };
    return listCard(t, manage, user, list, notice);
  };
};

/** "Add" on a list card: data `{ list }` with the inputs `value`, `days`, `reason`; answers with the list refreshed. */
export const addSenderListEntry = (deps: ListDeps): CardActionHandler => {
  const manage = manageOf(deps);
  return async (context, data) => {
    const t = translatorFor(deps.profile, context.activity.locale);
    const user = listUserOf(context);
    if (!user) return { error: { status: 400, code: 'user_unknown', message: t.t('common.unknownUser') } };
    const list = listOf(data);
    if (!list) return { error: { status: 400, code: 'body_invalid', message: t.t('security.lists.noList') } };
    const rawDays = typeof data.days === 'number' ? data.days : dataString(data, 'days')?.trim();
    const days = parseDays(rawDays);
    const value = dataString(data, 'value') ?? '';
    const reason = dataString(data, 'reason')?.slice(0, MAX_REASON_LENGTH);
    const added = Number.isNaN(days)
      ? ({ ok: false, reason: 'invalid_value', errorCode: 'body_invalid', message: DAYS_REFUSAL } as const)
      : await manage.add(user, {
          list,
          value,
          ...(days === undefined ? {} : { days }),
          ...(reason ? { reason } : {}),
        });
    if (!added.ok && added.reason === 'not_authorized') return refusalOf(t, added);
    const notice = added.ok
      ? { text: addedText(added.entry, added.previous) }
      : { text: added.message, refused: true };
    return listCard(t, manage, user, list, notice);
  };
};

/**
 * "Benign — trust the whole organisation" on the security card: the triage tap of
 * "Benign" (bot/handlers/triage-report.ts) with the analyst's choice that the sender's
 * tenant and domain go on the allowlist too.
 */
export const triageBenignOrganisation = (
  deps: Pick<Deps, 'reports' | 'notifications' | 'profile' | 'log'>,
): CardActionHandler =>
  triageReport(
    {
      ...deps,
      reports: {
        ...deps.reports,
        triage: (input) => deps.reports.triage({ ...input, benignScope: 'organisation' }),
      },
    },
    'benign',
  );
