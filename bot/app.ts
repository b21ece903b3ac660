import { Application } from '@microsoft/teams-ai';
import { ActivityTypes } from 'botbuilder';
import {
  CAMPAIGN_BENIGN_VERB,
  CAMPAIGN_MALICIOUS_VERB,
  CAMPAIGN_REMOVE_CHATS_VERB,
  CAMPAIGN_REWARN_VERB,
} from '../cards/campaign-verbs';
import { ACKNOWLEDGE_SENDER_VERB } from '../cards/first-contact-warning';
import { QUIZ_ANSWER_VERB, QUIZ_NEXT_VERB, QUIZ_START_VERB } from '../cards/quiz-verbs';
import { REMOTE_TOOL_MYSELF_VERB, REMOTE_TOOL_NOT_ME_VERB } from '../cards/remote-tool-verbs';
import {
  REPORT_BENIGN_VERB,
  REPORT_CHAT_VERB,
  REPORT_MALICIOUS_VERB,
  REPORT_REMOVE_VERB,
} from '../cards/report-verbs';
import {
  REPORT_BENIGN_ORGANISATION_VERB,
  SENDER_LIST_ADD_VERB,
  SENDER_LIST_REMOVE_VERB,
} from '../cards/sender-list-verbs';
import { TIP_NEXT_VERB } from '../cards/tip-verbs';
import { CHALLENGE_CALLER_VERB, ISSUE_CODE_VERB, VERIFY_CALLER_VERB } from '../cards/verification-verbs';
import { turnErrorHandler, type GuardAdapter } from './adapter';
import type { AppTurnState } from './app-turn-state';
import { onCardAction, onUnknownCardAction } from './card-action';
import type { Deps } from './deps';
import { acknowledgeSender } from './handlers/acknowledge-sender';
import { removeCampaignChats, rewarnCampaign, triageCampaign } from './handlers/campaign-actions';
import { challengeCallerAction, challengeCallerText } from './handlers/challenge-caller';
import { confirmChallengeText } from './handlers/confirm-challenge';
import { issueCodeAction, issueCodeText } from './handlers/issue-code';
import { quizAnswerAction, quizNextAction, quizStartAction, quizText } from './handlers/quiz';
import { rememberConversation } from './handlers/remember-conversation';
import { answerRemoteTool, answerRemoteToolText } from './handlers/remote-tool-answer';
import { reportChatAction, reportChatText } from './handlers/report-chat';
import {
  addSenderListEntry,
  removeSenderListEntry,
  senderListText,
  triageBenignOrganisation,
} from './handlers/sender-lists';
import { showPhrase } from './handlers/show-phrase';
import { nextTipAction, showTip } from './handlers/tips';
import { triageReport } from './handlers/triage-report';
import { forgetOnUninstall } from './handlers/uninstall';
import { answerUnknownText } from './handlers/unknown-text';
import { verifyCallerAction, verifyCallerText } from './handlers/verify-caller';
import { sendWelcome, welcomeOnInstall } from './handlers/welcome';

/** A text command: the whole message, any case, surrounding spaces allowed. */
const command = (name: string): RegExp => new RegExp(`^\\s*${name}\\s*$`, 'i');

/**
 * The teams-ai Application: only route registration, in the order of the README's
 * route table. Each handler is a factory of the dependencies it needs.
 */
export const createApp = (adapter: GuardAdapter, deps: Deps): Application<AppTurnState> => {
  const app = new Application<AppTurnState>({
    adapter,
    // Memory or Redis, like every store (src/store/stores.ts).
    storage: deps.stores.turnState,
    startTypingTimer: false,
    removeRecipientMention: true,
  });

  app.turn('beforeTurn', rememberConversation(deps));
  app.turn('beforeTurn', async (context) => {
    await deps.securityChannel.remember(context.activity);
    return true;
  });

  app.activity(
    (context) =>
      Promise.resolve(
        context.activity.type === ActivityTypes.InstallationUpdate &&
          !!context.activity.action?.startsWith('add'),
      ),
    welcomeOnInstall(deps),
  );
  app.activity(
    (context) =>
      Promise.resolve(
        context.activity.type === ActivityTypes.InstallationUpdate &&
          !!context.activity.action?.startsWith('remove'),
      ),
    forgetOnUninstall(deps),
  );
  app.conversationUpdate('membersAdded', welcomeOnInstall(deps));

  onCardAction(app, ACKNOWLEDGE_SENDER_VERB, acknowledgeSender(deps), deps);
  onCardAction(app, VERIFY_CALLER_VERB, verifyCallerAction(deps), deps);
  onCardAction(app, CHALLENGE_CALLER_VERB, challengeCallerAction(deps), deps);
  onCardAction(app, ISSUE_CODE_VERB, issueCodeAction(deps), deps);
  onCardAction(app, REPORT_CHAT_VERB, reportChatAction(deps), deps);
  onCardAction(app, REMOTE_TOOL_NOT_ME_VERB, answerRemoteTool(deps, 'not_me'), deps);
  onCardAction(app, REMOTE_TOOL_MYSELF_VERB, answerRemoteTool(deps, 'myself'), deps);
  onCardAction(app, REPORT_MALICIOUS_VERB, triageReport(deps, 'malicious'), deps);
  onCardAction(app, REPORT_BENIGN_VERB, triageReport(deps, 'benign'), deps);
  onCardAction(app, REPORT_REMOVE_VERB, triageReport(deps, 'remove'), deps);
  onCardAction(app, REPORT_BENIGN_ORGANISATION_VERB, triageBenignOrganisation(deps), deps);
  onCardAction(app, CAMPAIGN_MALICIOUS_VERB, triageCampaign(deps, 'malicious'), deps);
  onCardAction(app, CAMPAIGN_BENIGN_VERB, triageCampaign(deps, 'benign'), deps);
  onCardAction(app, CAMPAIGN_REWARN_VERB, rewarnCampaign(deps), deps);
  onCardAction(app, CAMPAIGN_REMOVE_CHATS_VERB, removeCampaignChats(deps), deps);
  onCardAction(app, SENDER_LIST_REMOVE_VERB, removeSenderListEntry(deps), deps);
  onCardAction(app, SENDER_LIST_ADD_VERB, addSenderListEntry(deps), deps);
  onCardAction(app, QUIZ_START_VERB, quizStartAction(deps), deps);
  onCardAction(app, QUIZ_ANSWER_VERB, quizAnswerAction(deps), deps);
  onCardAction(app, QUIZ_NEXT_VERB, quizNextAction(deps), deps);
  onCardAction(app, TIP_NEXT_VERB, nextTipAction(deps), deps);
  onUnknownCardAction(app, deps);

  app.message(command('help'), sendWelcome(deps));
  app.message(command('tips?'), showTip(deps));
  app.message(/^\s*quiz\b/i, quizText(deps));
  app.message(/^\s*verify\b/i, verifyCallerText(deps));
  app.message(command('challenge'), challengeCallerText(deps));
  app.message(/^\s*issue\s+code\b/i, issueCodeText(deps));
  app.message(/^\s*confirm\b/i, confirmChallengeText(deps));
  app.message(command('phrase'), showPhrase(deps));
  app.message(/^\s*report\b/i, reportChatText(deps));
  app.message(/^\s*(block|allow)list\b/i, senderListText(deps));
  app.message(command('not\\s+me'), answerRemoteToolText(deps, 'not_me'));
  app.message(command('it\\s+was\\s+me'), answerRemoteToolText(deps, 'myself'));
  // Last: whatever no route above took still gets an answer.
  app.activity(ActivityTypes.Message, answerUnknownText(deps));

  // Every turn's exception, whatever the activity: logged with its ID, an apology, never a crash.
  app.error(turnErrorHandler(deps));
  return app;
};
