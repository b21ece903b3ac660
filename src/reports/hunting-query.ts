/**
 * The ready-made Defender XDR advanced hunting query on a security card: it joins what
 * Defender saw of the reported chat (MessageEvents.ThreadId, CloudAppEvents ChatCreated
 * with RawEventData.ChatThreadId) so an analyst pastes it and starts from the chat.
 */

/** How far back the query looks: Defender keeps advanced hunting data for 30 days. */
const LOOKBACK = '30d';

/** The escapes KQL documents for a quoted string literal, besides the quote and the backslash. */
const CONTROL_ESCAPES: Record<string, string> = { '\n': '\\n', '\t': '\\t' };

/**
 * `value` as a double-quoted KQL string literal. Backslash, double quote, tab and line
 * feed are escaped as KQL documents; any other control character (a carriage return
 * included, which KQL has no documented escape for) becomes U+FFFD. No value can close
 * the literal and add query text, and a real thread ID has no control characters, so
 * the replacement never makes the query match another chat.
 */
export const kqlStringLiteral = (value: string): string => {
  let out = '"';
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    if (ch === '\\' || ch === '"') out += `\\${ch}`;
    else if (CONTROL_ESCAPES[ch] !== undefined) out += CONTROL_ESCAPES[ch];
    else if (code < 0x20 || code === 0x7f) out += '\ufffd';
    else out += ch;
  }
  return `${out}"`;
};

/**
 * A KQL query over the last 30 days: the Teams messages of the chat (MessageEvents) joined
 * on the thread ID with the creation of the chat (CloudAppEvents, ActionType "ChatCreated"),
 * so the analyst sees who created it, from which tenant and what was sent.
 */
export const huntingQueryFor = (chatThreadId: string): string =>
  [
    `let threadId = ${kqlStringLiteral(chatThreadId)};`,
    'MessageEvents',
    `| where Timestamp > ago(${LOOKBACK}) and ThreadId == threadId`,
    '| project MessageTime = Timestamp, ThreadId, TeamsMessageId, SenderDisplayName, SenderEmailAddress, RecipientDetails, IsExternalThread',
    '| join kind=fullouter (',
    '    CloudAppEvents',
    `    | where Timestamp > ago(${LOOKBACK}) and ActionType == "ChatCreated"`,
    '    | extend ChatThreadId = tostring(RawEventData.ChatThreadId)',
    '    | where ChatThreadId == threadId',
    '    | project ChatCreatedTime = Timestamp, ChatThreadId, CreatorObjectId = AccountObjectId, CreatorName = AccountDisplayName, ParticipantInfo = RawEventData.ParticipantInfo',
    '  ) on $left.ThreadId == $right.ChatThreadId',
    '| sort by MessageTime asc',
  ].join('\n');
