/**
 * The advanced hunting queries the poller runs, by name: the columns each one's final
 * `project` lists (the poller checks the answer has them) and the column its window filters.
 * The query texts are the .kql files beside this one; loadHuntingQueries pairs the two.
 */

/** The queries, one .kql file each (`<name>.kql`). */
export const HUNTING_QUERY_NAMES = [
  'chat-created',
  'impersonation-detected',
  'external-messages',
  'remote-tools',
  'mail-flood',
] as const;

/** A query's name: its file (`<name>.kql`), the poller's watermark and health entry. */
export type HuntingQueryName = (typeof HUNTING_QUERY_NAMES)[number];

/** The queries whose rows are first contacts (firstContactsFromRows). */
export type FirstContactQueryName = Extract<
  HuntingQueryName,
  'chat-created' | 'impersonation-detected' | 'external-messages'
>;

/** What a query file must project, in the order it projects it. */
export const HUNTING_QUERY_COLUMNS: { readonly [name in HuntingQueryName]: readonly string[] } = {
  'chat-created': [
    'Timestamp',
    'ReportId',
    'AccountObjectId',
    'ChatThreadId',
    'CommunicationType',
    'CreatorUpn',
    'Members',
    'ParticipatingTenantIds',
    'MemberObjectIds',
  ],
  'impersonation-detected': [
    'Timestamp',
    'ReportId',
    'AccountObjectId',
    'AccountId',
    'AccountDisplayName',
    'RawEventData',
  ],
  'external-messages': [
    'Timestamp',
    'TeamsMessageId',
    'ThreadId',
    'SenderEmailAddress',
    'SenderDisplayName',
    'SenderObjectId',
    'RecipientDetails',
    'IsExternalThread',
    'IsOwnedThread',
    'DirectoryObjectIds',
  ],
  'remote-tools': [
    'Timestamp',
    'DeviceName',
    'DeviceId',
    'FileName',
    'ProcessCommandLine',
    'InitiatingProcessAccountObjectId',
    'InitiatingProcessAccountUpn',
  ],
  'mail-flood': [
    'Timestamp',
    'RecipientObjectId',
    'RecipientEmailAddress',
    'WindowStart',
    'WindowEnd',
    'Messages',
    'MailBombingMessages',
    'UsualMessages',
  ],
};

/** Every query filters the Defender tables' `Timestamp` on the window. */
export const HUNTING_TIMESTAMP_COLUMN = 'Timestamp';

/**
 * Remote-support tools commonly abused after a fake helpdesk contact, as DeviceProcessEvents
 * names their processes: Quick Assist, AnyDesk, TeamViewer, ConnectWise ScreenConnect
 * (Control), Splashtop, RustDesk, AnyViewer and Zoho Assist. remote-tools.kql lists the same.
 */
export const DEFAULT_REMOTE_TOOLS: readonly string[] = Object.freeze([
  'QuickAssist.exe',
  'AnyDesk.exe',
  'TeamViewer.exe',
  'ScreenConnect.WindowsClient.exe',
  'ScreenConnect.ClientService.exe',
  'ConnectWiseControl.Client.exe',
  'strwinclt.exe',
  'SRService.exe',
  'SRAgent.exe',
  'rustdesk.exe',
  'AnyViewer.exe',
  'RCClient.exe',
  'ZA_Connect.exe',
  'ZA_Access.exe',
  'ZohoURS.exe',
]);

/** Inbound messages in one 15-minute bin from which a mailbox counts as flooded. */
export const DEFAULT_MAIL_FLOOD_THRESHOLD = 50;
