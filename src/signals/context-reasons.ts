import type { Reason } from '../detection';
import type { MailFloods } from '../hunting/mail-floods';
import { message, type Message } from '../i18n/translations';
import type { FirstContactSignal } from './first-contact-signal';

/**
 * Reasons to warn that are not in the sender's name: what Defender saw around the chat.
 * Either one makes an external first contact a warning whatever the name scored.
 */
export const CONTEXT_REASON_CODES = ['mail_bombing', 'teams_impersonation'] as const;

const hoursAgo = (ms: number): { english: string; text: Message } => {
  const hours = Math.max(1, Math.round(ms / 3600_000));
  return hours === 1
    ? { english: 'in the last hour', text: message('warning.reasons.inTheLastHour') }
    : { english: `${hours} hours ago`, text: message('warning.reasons.hoursAgo', { count: hours }) };
};

/** The context reasons of one signal: Teams' own impersonation verdict, a mail flood just before. */
export const contextReasons = async (
  deps: { mailFloods?: Pick<MailFloods, 'recent'> },
  signal: FirstContactSignal,
  now: number,
): Promise<Reason[]> => {
  const out: Reason[] = [];
  if (signal.teamsImpersonation)
    out.push({
      code: 'teams_impersonation',
      message: 'Microsoft Teams itself flagged this sender as impersonating someone.',
      text: message('warning.reasons.teamsImpersonation'),
    });
  const flood = await deps.mailFloods?.recent(
    signal.tenantId,
    signal.recipient.aadObjectId,
    Date.parse(signal.observedAt) || now,
  );
  if (flood) {
    const when = hoursAgo(now - flood.at);
    out.push({
      code: 'mail_bombing',
      message:
        `Your mailbox was flooded with ${flood.messages} messages ${when.english}: ` +
        'fake helpdesk calls and chats often follow such a flood, offering to "fix the spam".',
      text: message('warning.reasons.mailBombing', { messages: flood.messages, when: when.text }),
    });
  }
  return out;
};
