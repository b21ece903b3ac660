import type { AppConfig } from '../src/config/load-config';
import { createGraphClient, type GraphClient, type GraphTokenProvider } from '../src/graph';
import {
  certificateTokenProvider,
  clientSecretTokenProvider,
  managedIdentityTokenProvider,
} from '../src/graph/token-provider';
import type { Logger } from '../src/log/logger';
import { normId } from '../src/reports/first-contact-log';
import type { ChatMembership } from '../src/reports/report-deps';
import {
  anyStaffDirectory,
  createGroupStaffDirectory,
  createStaticStaffDirectory,
  type StaffDirectory,
} from '../src/verification/staff-directory';

/**
 * App-only Graph tokens with the bot's own identity: a certificate (GRAPH_CLIENT_CERTIFICATE_FILE),
 * a user-assigned managed identity (MicrosoftAppType=UserAssignedMSI) or the client secret;
 * none in local mode.
 */
const credentialTokens = (config: AppConfig): GraphTokenProvider | undefined => {
  if (!config.bot) return undefined;
  const who = {
    tenantId: config.bot.appTenantId ?? config.homeTenantId,
    clientId: config.bot.appId,
    authorityHost: config.graph.authorityHost,
  };
  if (config.graph.clientCertificateFile)
    return certificateTokenProvider({ ...who, certificatePath: config.graph.clientCertificateFile });
  if (config.bot.appType === 'UserAssignedMSI') return managedIdentityTokenProvider(who);
  return config.bot.appPassword
    ? clientSecretTokenProvider({ ...who, clientSecret: config.bot.appPassword })
    : undefined;
};

/** Graph with the bot's own credentials, or none (local mode): every Graph feature then says so. */
export const createGraph = (
  config: AppConfig,
  log: Logger,
  tokens?: GraphTokenProvider,
): GraphClient | undefined => {
  const provider = tokens ?? credentialTokens(config);
  if (!provider) {
    if (config.helpdeskStaffGroupId || config.graph.teamsAppCatalogId) {
      log.warn(
        'HELPDESK_STAFF_GROUP_ID and TEAMS_APP_CATALOG_ID need Graph: set MicrosoftAppId and MicrosoftAppPassword',
      );
    }
    return undefined;
  }
  return createGraphClient({ endpoint: config.graph.endpoint, tokens: provider, log });
};

/** HELPDESK_STAFF_IDS, plus members of HELPDESK_STAFF_GROUP_ID when Graph is there. */
export const staffDirectory = (config: AppConfig, graph: GraphClient | undefined): StaffDirectory => {
  const listed = createStaticStaffDirectory({ ids: config.helpdeskStaffIds, tenantId: config.homeTenantId });
  if (!graph || !config.helpdeskStaffGroupId) return listed;
  const groupId = config.helpdeskStaffGroupId;
  const group = createGroupStaffDirectory({
    graph: {
      isMemberOfGroup: async (userId) => (await graph.checkMemberGroups(userId, [groupId])).includes(groupId),
    },
    groupId,
    tenantId: config.homeTenantId,
  });
  return anyStaffDirectory(listed, group);
};

/**
 * Graph's member list of a chat, to check a typed report (ChatMember.Read.All); undefined
 * without Graph, and then only the first-contact log checks a report.
 */
export const chatMembership = (graph: GraphClient | undefined): ChatMembership | undefined =>
  graph && {
    isMember: async (tenantId, chatThreadId, userAadObjectId) => {
      const members = (await graph.listChatMembers(chatThreadId)) ?? [];
      return members.some(
        (member) =>
          member.userId !== undefined &&
          normId(member.userId) === normId(userAadObjectId) &&
          (member.tenantId === undefined || normId(member.tenantId) === normId(tenantId)),
      );
    },
  };
