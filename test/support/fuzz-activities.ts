/**
 * fast-check arbitraries of every Teams activity kind, from the real fixtures: messages
 * with every command, invokes of every name Teams uses (card actions with any verb and
 * data), conversation and installation updates, reactions, events, typing, edits and
 * deletes, kinds Teams never sends; sometimes from another tenant.
 */
import fc from 'fast-check';
import { ACKNOWLEDGE_SENDER_VERB } from '../../cards/first-contact-warning';
import { REMOTE_TOOL_MYSELF_VERB, REMOTE_TOOL_NOT_ME_VERB } from '../../cards/remote-tool-verbs';
import {
  REPORT_BENIGN_VERB,
  REPORT_CHAT_VERB,
  REPORT_MALICIOUS_VERB,
  REPORT_REMOVE_VERB,
} from '../../cards/report-verbs';
import {
  REPORT_BENIGN_ORGANISATION_VERB,
  SENDER_LIST_ADD_VERB,
  SENDER_LIST_REMOVE_VERB,
} from '../../cards/sender-list-verbs';
import { CHALLENGE_CALLER_VERB, ISSUE_CODE_VERB, VERIFY_CALLER_VERB } from '../../cards/verification-verbs';
import { DUMMY_OTHER_TENANT, dummyActivity, inTenant, type FixtureName } from './activities';
import { junkValue, type Json } from './fuzz-inputs';

const VERBS = [
  ACKNOWLEDGE_SENDER_VERB,
  VERIFY_CALLER_VERB,
  CHALLENGE_CALLER_VERB,
  ISSUE_CODE_VERB,
  REPORT_CHAT_VERB,
  REMOTE_TOOL_NOT_ME_VERB,
  REMOTE_TOOL_MYSELF_VERB,
  REPORT_MALICIOUS_VERB,
  REPORT_BENIGN_VERB,
  REPORT_REMOVE_VERB,
  REPORT_BENIGN_ORGANISATION_VERB,
  SENDER_LIST_REMOVE_VERB,
  SENDER_LIST_ADD_VERB,
];

const INVOKE_NAMES = [
  'adaptiveCard/action',
  'task/fetch',
  'task/submit',
  'composeExtension/query',
  'composeExtension/queryLink',
  'composeExtension/fetchTask',
  'composeExtension/submitAction',
  'composeExtension/selectItem',
  'composeExtension/setting',
  'composeExtension/querySettingUrl',
  'signin/verifyState',
  'signin/tokenExchange',
  'signin/failure',
  'actionableMessage/executeAction',
  'fileConsent/invoke',
  'config/fetch',
  'message/submitAction',
  'handoff/action',
];

/** What a card's data carries, plausible or not: chat IDs, codes, report and alert IDs, list entries. */
const cardData = fc.oneof(
  fc.record(
    {
      chatThreadId: fc.oneof(fc.constant('19:abc_def@unq.gbl.spaces'), fc.string({ maxLength: 80 })),
      code: fc.oneof(fc.stringMatching(/^\d{3} ?\d{3}$/), fc.string({ maxLength: 20 })),
      reportId: fc.oneof(fc.uuid(), fc.string({ maxLength: 40 })),
      alertId: fc.string({ maxLength: 40 }),
      target: fc.oneof(fc.uuid(), fc.emailAddress(), fc.string({ maxLength: 40 })),
      list: fc.constantFrom('block', 'allow', 'nope'),
      kind: fc.constantFrom('tenant', 'domain', 'upn', 'other'),
      value: fc.oneof(fc.uuid(), fc.domain(), fc.emailAddress(), fc.string({ maxLength: 40 })),
      days: fc.oneof(fc.integer({ min: -5, max: 5000 }), fc.string({ maxLength: 6 })),
      reason: fc.string({ maxLength: 80 }),
    },
    { requiredKeys: [] },
  ),
  junkValue,
);

const cardAction = fc.record({
  action: fc.record(
    {
      type: fc.constantFrom('Action.Execute', 'Action.Submit', 'x'),
      verb: fc.oneof(fc.constantFrom(...VERBS), fc.string({ maxLength: 30 }), junkValue),
      data: cardData,
    },
    { requiredKeys: ['verb'] },
  ),
  trigger: fc.constantFrom('manual', 'automatic'),
});

/** Texts that reach every command route: each command, with arguments real and junk. */
const messageText = fc.oneof(
  fc.constantFrom(
    'help',
    'tips',
    'quiz',
    'challenge',
    'phrase',
    'report',
    'blocklist',
    'allowlist',
    'not me',
  ),
  fc
    .tuple(
      fc.constantFrom('verify', 'issue code', 'confirm', 'report', 'blocklist add', 'allowlist remove'),
      fc.oneof(fc.string({ maxLength: 60 }), fc.uuid(), fc.stringMatching(/^\d{6}$/)),
    )
    .map(([command, argument]) => `${command} ${argument}`),
  fc.string({ maxLength: 200 }),
);

const base = (fixture: FixtureName, serviceUrl: string) => dummyActivity(fixture, { serviceUrl });
const personalBase = (serviceUrl: string): Json => {
  const {
    text: _text,
    attachments: _attachments,
    textFormat: _format,
    ...rest
  } = base('message.personal.text', serviceUrl);
  return rest;
};

/**
 * One activity of any kind Teams sends (message, invoke of any name, conversationUpdate,
 * installationUpdate, messageReaction, event, typing, messageUpdate, messageDelete) or of
 * a kind it does not, from a real fixture; sometimes from another tenant.
 */
export const anyActivity = (serviceUrl: string): fc.Arbitrary<Json> => {
  const personal = () => personalBase(serviceUrl);
  const kinds: Array<fc.Arbitrary<Json>> = [
    fc
      .tuple(fc.constantFrom<FixtureName>('message.personal.text', 'message.channel.mention'), messageText)
      .map(([fixture, text]) => ({ ...base(fixture, serviceUrl), text })),
    fc
      .oneof({ weight: 4, arbitrary: fc.constantFrom(...INVOKE_NAMES) }, fc.string({ maxLength: 30 }))
      .chain((name) =>
        fc
          .oneof(
            {
              weight: 3,
              arbitrary: name === 'adaptiveCard/action' ? cardAction : fc.jsonValue({ maxDepth: 3 }),
            },
            { weight: 1, arbitrary: junkValue },
          )
          .map((value) => ({ ...base('invoke.adaptive-card-action.personal', serviceUrl), name, value })),
      ),
    fc
      .tuple(
        fc.constantFrom<FixtureName>(
          'conversation-update.personal.bot-added',
          'conversation-update.team.bot-added',
        ),
        fc.constantFrom('membersAdded', 'membersRemoved', 'teamRenamed', 'channelCreated', 'teamDeleted'),
      )
      .map(([fixture, eventType]) => {
        const activity = base(fixture, serviceUrl);
        const channelData = { ...(activity.channelData as Json), eventType };
        return eventType === 'membersRemoved'
          ? { ...activity, channelData, membersAdded: undefined, membersRemoved: activity.membersAdded }
          : { ...activity, channelData };
      }),
    fc
      .constantFrom('add', 'remove', 'add-upgrade', 'remove-upgrade', 'explode')
      .map((action) => ({ ...base('installation-update.personal.add', serviceUrl), action })),
    fc
      .tuple(fc.constantFrom('reactionsAdded', 'reactionsRemoved'), fc.constantFrom('like', 'heart', ''))
      .map(([field, type]) => ({
        ...personal(),
        type: 'messageReaction',
        replyToId: '1732698200456',
        [field]: [{ type }],
      })),
    fc
      .tuple(
        fc.constantFrom(
          'application/vnd.microsoft.readReceipt',
          'application/vnd.microsoft.meetingStart',
          '',
        ),
        fc.jsonValue({ maxDepth: 2 }),
      )
      .map(([name, value]) => ({ ...personal(), type: 'event', name, value })),
    fc.constant(null).map(() => ({ ...personal(), type: 'typing' })),
    fc
      .tuple(
        fc.constantFrom('messageUpdate', 'messageDelete'),
        fc.constantFrom('editMessage', 'softDeleteMessage', 'undeleteMessage'),
      )
      .map(([type, eventType]) => ({
        ...personal(),
        type,
        text: 'edited',
        channelData: { ...(personal().channelData as Json), eventType },
      })),
    fc
      .oneof(fc.constantFrom('handoff', 'endOfConversation', 'trace', 'delay', 'command'), fc.string())
      .map((type) => ({ ...personal(), type })),
  ];
  return fc
    .tuple(fc.oneof(...kinds), fc.nat(9))
    .map(([activity, dice]) => (dice === 0 ? { ...activity, ...inTenant(DUMMY_OTHER_TENANT) } : activity));
};
