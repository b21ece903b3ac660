import {
  REPORT_BENIGN_VERB,
  REPORT_CHAT_VERB,
  REPORT_MALICIOUS_VERB,
  REPORT_REMOVE_VERB,
} from '../../../cards/report-verbs';
import {
  REPORT_BENIGN_ORGANISATION_VERB,
  SENDER_LIST_ADD_VERB,
  SENDER_LIST_REMOVE_VERB,
} from '../../../cards/sender-list-verbs';
import { ISSUE_CODE_VERB } from '../../../cards/verification-verbs';
import { DUMMY_HOME_TENANT, DUMMY_SECURITY_CHANNEL } from '../../support/activities';
import { startBotWithConnector, type BotHarness } from '../../support/bot-harness';
import {
  ALICE,
  ANALYST,
  BOB,
  STAFF,
  codeOn,
  guardFlows,
  textOf,
  type Person,
} from '../../support/guard-flows';
import { DUMMY_WEBHOOK_SECRET } from '../../support/signals';

/**
 * Who may do what is decided from the activity's own user (from.aadObjectId, checked by
 * the channel token in production), never from card data: codes by HELPDESK_STAFF_IDS,
 * triage and the sender lists by SECURITY_TEAM_IDS. Each refusal is shown to change
 * nothing, next to a member doing the same thing successfully.
 */
describe('authorization of staff and security-team actions', () => {
  let harness: BotHarness;
  let flows: ReturnType<typeof guardFlows>;

  /** Events before the test began: one bot serves the whole file (a stop costs about half a second). */
  let eventsBefore = 0;

  beforeAll(async () => {
    harness = await startBotWithConnector(
      {
        SIGNAL_WEBHOOK_SECRET: DUMMY_WEBHOOK_SECRET,
        HELPDESK_STAFF_IDS: STAFF.aadObjectId,
        SECURITY_TEAM_IDS: ANALYST.aadObjectId,
        SECURITY_CHANNEL_ID: DUMMY_SECURITY_CHANNEL,
      },
      { install: ['user', 'security-team'] },
    );
    flows = guardFlows(harness);
  });

  afterAll(async () => {
    await harness.stop();
  });

  beforeEach(() => {
    eventsBefore = harness.bot.events.length;
  });

  /** Events of `type` emitted during this test. */
  const eventsOf = (type: string) =>
    harness.bot.events.slice(eventsBefore).filter((event) => event.EventType === type);

  /** Alice is warned and reports the chat; resolves with the report's ID. */
  const reportByAlice = async (): Promise<string> => {
    const chat = await flows.warn(ALICE);
    expect((await flows.tap(ALICE, REPORT_CHAT_VERB, { chatThreadId: chat })).statusCode).toBe(200);
    const reported = eventsOf('ChatReported')[0];
    return (reported.Details as { reportId: string }).reportId;
  };

  describe('verification codes: helpdesk staff only', () => {
    it('issues a code to staff', async () => {
      const reply = await flows.say(STAFF, `issue code ${ALICE.aadObjectId}`);

      expect(codeOn(reply)).toMatch(/^\d{6}$/);
      expect(eventsOf('VerificationCodeIssued')).toHaveLength(1);
    });

    it.each([
      ['an employee', BOB],
      ['a security analyst', ANALYST],
    ])('refuses `issue code` from %s, and issues nothing', async (_who, who: Person) => {
      const reply = await flows.say(who, `issue code ${ALICE.aadObjectId}`);

      expect(textOf(reply)).toContain('Only IT Helpdesk staff can issue verification codes');
      expect(() => codeOn(reply)).toThrow('no code');
      expect(eventsOf('VerificationCodeIssued')).toHaveLength(0);
    });

    it('refuses the issue form of a non-member, even with staff named in the card data', async () => {
      const answer = await flows.tap(BOB, ISSUE_CODE_VERB, {
        target: ALICE.aadObjectId,
        issuer: { aadObjectId: STAFF.aadObjectId },
        aadObjectId: STAFF.aadObjectId,
      });

      expect(textOf(answer)).toContain('Only IT Helpdesk staff');
      expect(() => codeOn(answer)).toThrow('no code');
      expect(eventsOf('VerificationCodeIssued')).toHaveLength(0);
    });

    it("refuses `confirm` from a non-member, who learns nothing of the user's challenge", async () => {
      const reply = await flows.say(BOB, 'confirm 123456');

      expect(textOf(reply)).toContain('Only IT Helpdesk staff can confirm challenge codes');
      expect(harness.bot.events.slice(eventsBefore)).toEqual([]);
    });
  });

  describe('triage: security team only', () => {
    const verbs = [
      REPORT_MALICIOUS_VERB,
      REPORT_BENIGN_VERB,
      REPORT_REMOVE_VERB,
      REPORT_BENIGN_ORGANISATION_VERB,
    ];

    it('lets an analyst triage', async () => {
      const reportId = await reportByAlice();

      const answer = await flows.tap(ANALYST, REPORT_MALICIOUS_VERB, { reportId });

      expect(answer.statusCode).toBe(200);
      expect(eventsOf('ReportTriaged')).toHaveLength(1);
      expect((await harness.bot.stores.reports.get(reportId))?.triage).toBeDefined();
    });

    it.each(verbs.flatMap((verb) => [BOB, STAFF, ALICE].map((who) => [verb, who.name, who] as const)))(
      'refuses %s by %s (403) and changes nothing',
      async (verb, _name, who) => {
        const reportId = await reportByAlice();

        const answer = await flows.tap(who, verb, { reportId, by: { aadObjectId: ANALYST.aadObjectId } });

        expect(answer).toEqual(
          expect.objectContaining({
            statusCode: 403,
            value: expect.objectContaining({ code: 'not_authorized' }),
          }),
        );
        expect((await harness.bot.stores.reports.get(reportId))?.triage).toBeUndefined();
        expect(eventsOf('ReportTriaged')).toHaveLength(0);
        expect(eventsOf('SenderListChanged')).toHaveLength(0);
      },
    );
  });

  describe('sender lists: security team only', () => {
    const listed = async (list: 'block' | 'allow') =>
      (await harness.bot.stores.senderLists.list(list, Date.now(), 50)).entries.map((entry) => entry.value);
    /** Both lists, to compare before and after a refused command. */
    const lists = async () => ({ block: await listed('block'), allow: await listed('allow') });

    beforeAll(async () => {
      // The one entry every refusal below must leave as it is.
      const reply = await flows.say(ANALYST, 'blocklist add helpdesk-fabrikam.onmicrosoft.com');
      expect(textOf(reply)).toContain('Added');
    });

    it('lets an analyst see the block list', async () => {
      expect(await listed('block')).toContain('helpdesk-fabrikam.onmicrosoft.com');
      expect(textOf(await flows.say(ANALYST, 'blocklist'))).toContain('helpdesk-fabrikam.onmicrosoft.com');
    });

    it.each([
      'blocklist',
      'allowlist',
      'blocklist add helpdesk-fabrikam.onmicrosoft.com',
      'allowlist add helpdesk-fabrikam.onmicrosoft.com 30 partner',
      `allowlist add ${DUMMY_HOME_TENANT}`,
      'blocklist remove helpdesk-fabrikam.onmicrosoft.com',
    ])('refuses `%s` from an employee, who sees no list', async (command) => {
      const before = await lists();

      const reply = await flows.say(BOB, command);

      expect(textOf(reply)).toContain('Only members of the security team can see or change the sender lists');
      expect(textOf(reply)).not.toContain('helpdesk-fabrikam');
      expect(await lists()).toEqual(before);
    });

    it.each([
      [SENDER_LIST_ADD_VERB, { list: 'allow', value: 'helpdesk-fabrikam.onmicrosoft.com', days: 30 }],
      [
        SENDER_LIST_REMOVE_VERB,
        { list: 'block', kind: 'domain', value: 'helpdesk-fabrikam.onmicrosoft.com' },
      ],
    ])('refuses the %s card action of helpdesk staff (403)', async (verb, data) => {
      const before = await lists();

      const answer = await flows.tap(STAFF, verb, data);

      expect(answer.statusCode).toBe(403);
      expect(textOf(answer)).not.toContain('helpdesk-fabrikam');
      expect(await lists()).toEqual(before);
      expect(before.block).toContain('helpdesk-fabrikam.onmicrosoft.com');
    });
  });
});
