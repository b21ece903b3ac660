import type { TurnContext } from 'botbuilder';
import type { AdaptiveCardJson } from '../../cards/adaptive-card';
import { reportRecentCard } from '../../cards/report-recent';
import { reportThanksCard } from '../../cards/report-thanks';
import { translatorFor, type Translator } from '../../src/i18n/translations';
import { RECENT_CONTACT_DAYS } from '../../src/reports/recent-contacts';
import { activityUser } from '../activity-user';
import { dataString, type CardActionResult } from '../card-action';
import type { Deps } from '../deps';
import { sendCard } from '../send-card';

type ReportDepsSlice = Pick<Deps, 'reports' | 'notifications' | 'log' | 'profile'>;

const reporterOf = (context: TurnContext) => {
  const user = activityUser(context.activity);
  return user && { user, reporter: { aadObjectId: user.aadObjectId, name: context.activity.from.name } };
};

/** Reports a chat; the security card is posted or updated after the answer (queued). */
const report = async (
  deps: ReportDepsSlice,
  context: TurnContext,
  t: Translator,
  chatThreadId: string,
  source: 'warning-card' | 'link',
): Promise<{ card: AdaptiveCardJson } | { refusal: string; status: 400 | 404 }> => {
  const who = reporterOf(context);
  if (!who) return { refusal: t.t('common.unknownUser'), status: 400 };
  const result = await deps.reports.reportChat({
    tenantId: who.user.tenantId,
    reporter: who.reporter,
    chatThreadId,
    source,
  });
  if (!result.ok)
    return { refusal: t.text(result.message), status: result.reason === 'unknown_chat' ? 404 : 400 };
  if (result.reportChanged)
    await deps.notifications.enqueue({ kind: 'security-card', reportId: result.reportId });
  // Only the sender the bot warned THIS user about: never what other reports know of the chat.
  return {
    card: reportThanksCard(t, {
      senderName: result.warnedSender?.displayName,
      alreadyReported: result.alreadyReportedByThisUser,
    }),
  };
};

/** The recent external first contacts of this user, each with a one-tap report. */
const recentCard = async (
  deps: Pick<Deps, 'reports'>,
  context: TurnContext,
  t: Translator,
): Promise<AdaptiveCardJson | undefined> => {
  const user = activityUser(context.activity);
  if (!user) return undefined;
  const contacts = await deps.reports.recentContacts({
    tenantId: user.tenantId,
    user: { aadObjectId: user.aadObjectId },
    days: RECENT_CONTACT_DAYS,
  });
  return reportRecentCard(t, { contacts, days: RECENT_CONTACT_DAYS });
};

/** "Report this chat" (warning card, result card, recent list): data `{ chatThreadId }`. */
export const reportChatAction =
  (deps: ReportDepsSlice) =>
  async (context: TurnContext, data: Record<string, unknown>): Promise<CardActionResult> => {
    const t = translatorFor(deps.profile, context.activity.locale);
    const chatThreadId = dataString(data, 'chatThreadId');
    if (!chatThreadId) {
      const card = await recentCard(deps, context, t);
      return card
        ? { card }
        : { error: { status: 400, code: 'user_unknown', message: t.t('common.unknownUser') } };
    }
    const answer = await report(deps, context, t, chatThreadId, 'warning-card');
    return 'card' in answer
      ? answer
      : { error: { status: answer.status, code: 'report_refused', message: answer.refusal } };
  };

/** `report` lists recent contacts; `report <Teams chat link>` reports a chat the bot never saw. */
export const reportChatText =
  (deps: ReportDepsSlice) =>
  async (context: TurnContext): Promise<void> => {
    const t = translatorFor(deps.profile, context.activity.locale);
    const link = (context.activity.text ?? '')
      .trim()
      .replace(/^report\b/i, '')
      .trim();
    if (!link) {
      const card = await recentCard(deps, context, t);
      if (card) await sendCard(context, card, t.t('report.recent.card.title'));
      else await context.sendActivity(t.t('common.unknownUser'));
      return;
    }
    const answer = await report(deps, context, t, link, 'link');
    if ('card' in answer) await sendCard(context, answer.card, t.t('report.thanks.card.title'));
    else await context.sendActivity(answer.refusal);
  };
