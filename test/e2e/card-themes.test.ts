/**
 * Every card the bot sends, rendered by the official Adaptive Cards renderer in headless
 * Debian Chromium with Teams' default, dark and high-contrast host configs
 * (support/host-configs/README.md): no renderer warning, text contrast of at least 4.5:1
 * measured on the rendered page, and no meaning carried by colour alone. Leaves
 * test/e2e/screenshots/cards/<card>-<theme>.png (ignored by git).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AdaptiveCardJson } from '../../cards/adaptive-card';
import { campaignSecurityCard } from '../../cards/campaign-security';
import { firstContactWarningCardWithPicture } from '../../cards/first-contact-warning';
import { mailBombingWarningCard } from '../../cards/mail-bombing-warning';
import { nudgeCard } from '../../cards/nudge';
import { quizAnswerCard } from '../../cards/quiz-answer';
import { quizNoticeCard } from '../../cards/quiz-notice';
import { quizQuestionCardWithPicture } from '../../cards/quiz-question';
import { remoteToolAlertCard, remoteToolAlertData } from '../../cards/remote-tool-alert';
import { remoteToolSecurityCard } from '../../cards/remote-tool-security';
import { reportRecentCard } from '../../cards/report-recent';
import { reportSecurityCard } from '../../cards/report-security';
import { reportThanksCard } from '../../cards/report-thanks';
import { senderListCard } from '../../cards/sender-list';
import { tipCardWithPicture } from '../../cards/tip';
import { challengeCard } from '../../cards/verification-challenge';
import { challengeConfirmedCard } from '../../cards/verification-challenge-confirmed';
import { checkFormCard } from '../../cards/verification-check-form';
import { codeIssuedCard } from '../../cards/verification-code-issued';
import { issueFormCard } from '../../cards/verification-issue-form';
import { verificationResultCard } from '../../cards/verification-result';
import { warningAcknowledgedCard } from '../../cards/warning-acknowledged';
import { welcomeCardWithPictures } from '../../cards/welcome';
import type { CampaignRecord } from '../../src/campaigns/campaign-store';
import { DEFAULT_PROFILE } from '../../src/config/helpdesk-profile';
import type { QuizFeedback, QuizStep } from '../../src/education/quiz';
import { buildQuizQuestions, shuffleChoices } from '../../src/education/quiz-questions';
import { DEFAULT_LESSONS, type Lesson } from '../../src/education/tips';
import type { RemoteToolAlertRecord } from '../../src/hunting/remote-tool-alerts';
import { message, translatorFor } from '../../src/i18n/translations';
import type { ReportRecord } from '../../src/reports/report-store';
import type { SecurityReportView } from '../../src/reports/security-view';
import {
  dummyAlice,
  dummyAnalyst,
  dummyAttackerTenantId,
  dummyBob,
  dummyChatThreadId,
  dummySender,
  dummyStart,
  dummyTenantId,
} from '../unit/src/reports/fake-report-deps';
import { dummyEntry } from '../unit/src/verdicts/dummy-entries';
import {
  applyTheme,
  colourWithoutWords,
  contrastRuleApplies,
  MIN_CONTRAST,
  openCardPage,
  renderCard,
  THEMES,
  type RenderedCard,
} from './support/card-render';
import { launchChromium, type RunningBrowser } from './support/chromium';

const SCREENSHOTS = join(__dirname, 'screenshots', 'cards');
/** Rendering, measuring and photographing every card in one theme: about 4 s. */
const RENDER_ALL_TIMEOUT_MS = 60_000;
const en = translatorFor(DEFAULT_PROFILE, 'en');
const expiresAt = new Date(dummyStart + 10 * 60_000);

const warning = {
  senderDisplayName: dummySender.displayName,
  senderUpn: dummySender.upn,
  senderOrganisation: 'helpdesk-x.onmicrosoft.com',
  chatThreadId: dummyChatThreadId,
  observedAt: '2026-11-27T22:00:00Z',
  reasons: ['The name imitates "IT Helpdesk".', 'The account is in a fresh *.onmicrosoft.com tenant.'],
  orgName: DEFAULT_PROFILE.orgName,
  helpdeskName: DEFAULT_PROFILE.helpdeskName,
  campaign: { usersReached: 7 },
};

const quizStep = (index: number): QuizStep => {
  const questions = buildQuizQuestions(DEFAULT_PROFILE);
  const question = questions[index];
  return {
    attemptId: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b',
    index,
    total: questions.length,
    question,
    choices: shuffleChoices(question, 'tenant:alice'),
  };
};
const quizFeedback = (correct: boolean, score?: QuizFeedback['score']): QuizFeedback => {
  const step = quizStep(2);
  const right = step.choices.find((choice) => choice.correct)!;
  const wrong = step.choices.find((choice) => !choice.correct)!;
  return { step, chosen: correct ? right : wrong, right, correct, ...(score ? { score } : {}) };
};

const remoteToolAlert = (answer?: 'not_me' | 'myself'): RemoteToolAlertRecord => ({
  alertId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
  tenantId: dummyTenantId,
  user: { aadObjectId: dummyAlice.aadObjectId, upn: dummyAlice.upn, displayName: dummyAlice.name },
  device: { id: 'c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0', name: 'lt-alice-01.contoso.com' },
  tool: 'Quick Assist',
  processName: 'QuickAssist.exe',
  startedAt: dummyStart + 12 * 60_000,
  warnedAt: dummyStart,
  chatThreadId: dummyChatThreadId,
  sender: dummySender,
  createdAt: dummyStart + 13 * 60_000,
  ...(answer ? { answer: { answer, by: dummyAlice.aadObjectId, at: dummyStart + 14 * 60_000 } } : {}),
});

const report = (overrides: Partial<ReportRecord> = {}): ReportRecord => ({
  reportId: 'rpt-1',
  tenantId: dummyTenantId,
  chatThreadId: dummyChatThreadId,
  sender: dummySender,
  firstSeen: dummyStart - 60_000,
  createdAt: dummyStart,
  reporters: [
    { ...dummyAlice, at: dummyStart },
    { ...dummyBob, at: dummyStart + 30_000 },
  ],
  status: 'open',
  campaignId: 'cmp-7',
  ...overrides,
});
const reportView = (record: ReportRecord): SecurityReportView => ({
  report: record,
  reporters: record.reporters.map((reporter) => ({ reporter, checked: true })),
  campaignContacts: [],
  huntingQuery: `CloudAppEvents | where ChatThreadId == "${record.chatThreadId}"`,
  canRemove: true,
});

const campaign = (overrides: Partial<CampaignRecord> = {}): CampaignRecord => ({
  campaignId: 'cmp-3b2f7c1e-9d4a-4e8b-a1f0-6c5d4e3f2a1b',
  tenantId: dummyTenantId,
  senderTenantId: dummyAttackerTenantId,
  detectedAt: dummyStart + 5_000,
  senders: [{ displayName: 'IT Helpdesk', upn: dummySender.upn, tenantId: dummyAttackerTenantId }],
  domains: ['helpdesk-x.onmicrosoft.com'],
  firstContactAt: dummyStart,
  lastContactAt: dummyStart + 2_000,
  targets: [
    {
      aadObjectId: dummyAlice.aadObjectId,
      upn: dummyAlice.upn,
      chatThreadIds: [dummyChatThreadId],
      flags: { contacted: dummyStart, warned: dummyStart + 5_000, reported: dummyStart + 60_000 },
    },
    {
      aadObjectId: dummyBob.aadObjectId,
      upn: dummyBob.upn,
      chatThreadIds: ['19:b0b_e5f6@unq.gbl.spaces'],
      flags: { contacted: dummyStart + 1_000, warned: dummyStart + 6_000, acknowledged: dummyStart + 70_000 },
    },
  ],
  status: 'open',
  actions: [],
  ...overrides,
});
const campaignOptions = { canRemoveChats: true, removeChatsSetup: '', now: dummyStart + 600_000 };
const triage = { by: dummyAnalyst, at: dummyStart + 300_000 };

const lockedOut = en.text(
  message('verification.check.lockedOut', { duration: message('verification.time.minutes', { count: 15 }) }),
);

/** Every card file in cards/, with the variants that change what it shows; ids name the screenshots. */
const CARDS: ReadonlyArray<[string, () => AdaptiveCardJson]> = [
  ['welcome', () => welcomeCardWithPictures(en, DEFAULT_PROFILE)],
  [
    'tip',
    () => tipCardWithPicture(en, DEFAULT_PROFILE, { number: 3, total: 8 }, DEFAULT_LESSONS[2] as Lesson),
  ],
  ['first-contact-warning', () => firstContactWarningCardWithPicture(en, DEFAULT_PROFILE, warning)],
  [
    'warning-acknowledged',
    () =>
      warningAcknowledgedCard(en, {
        senderDisplayName: 'Jane Partner',
        orgName: warning.orgName,
        helpdeskName: warning.helpdeskName,
      }),
  ],
  [
    'mail-bombing-warning',
    () =>
      mailBombingWarningCard(en, {
        messageCount: 412,
        senderCount: 187,
        windowMinutes: 60,
        helpdeskName: DEFAULT_PROFILE.helpdeskName,
        phoneNumbers: DEFAULT_PROFILE.phoneNumbers,
      }),
  ],
  [
    'nudge',
    () =>
      nudgeCard(en, DEFAULT_PROFILE, {
        sender: 'Contoso IT Servlce Desk',
        chatThreadId: dummyChatThreadId,
        trick: 'copied-name',
      }),
  ],
  ['quiz-question', () => quizQuestionCardWithPicture(en, DEFAULT_PROFILE, quizStep(0))],
  ['quiz-answer-right', () => quizAnswerCard(en, quizFeedback(true))],
  [
    'quiz-answer-wrong-last',
    () => quizAnswerCard(en, quizFeedback(false, { correct: 3, total: 5, percent: 60 })),
  ],
  ['quiz-notice', () => quizNoticeCard(en, en.t('quiz.notice.alreadyAnswered'), 'attempt-1')],
  [
    'remote-tool-alert',
    () => remoteToolAlertCard(en, remoteToolAlertData(remoteToolAlert(), DEFAULT_PROFILE)),
  ],
  [
    'remote-tool-alert-answered',
    () =>
      remoteToolAlertCard(en, {
        ...remoteToolAlertData(remoteToolAlert(), DEFAULT_PROFILE),
        answer: 'not_me',
      }),
  ],
  ['remote-tool-security', () => remoteToolSecurityCard(en, remoteToolAlert())],
  ['remote-tool-security-not-me', () => remoteToolSecurityCard(en, remoteToolAlert('not_me'))],
  ['remote-tool-security-myself', () => remoteToolSecurityCard(en, remoteToolAlert('myself'))],
  ['report-thanks', () => reportThanksCard(en, { senderName: 'IT Helpdesk', alreadyReported: false })],
  [
    'report-recent',
    () =>
      reportRecentCard(en, {
        days: 14,
        contacts: [
          {
            chatThreadId: dummyChatThreadId,
            sender: dummySender,
            observedAt: dummyStart,
            verdict: 'warn',
            reportedByUser: false,
          },
          {
            chatThreadId: '19:b0b_e5f6@unq.gbl.spaces',
            sender: { displayName: 'Fabrikam Sales', upn: null, tenantId: null },
            observedAt: dummyStart - 86_400_000,
            verdict: 'none',
            reportedByUser: true,
          },
        ],
      }),
  ],
  ['report-security', () => reportSecurityCard(en, reportView(report()))],
  [
    'report-security-triaged',
    () =>
      reportSecurityCard(
        en,
        reportView(
          report({
            status: 'malicious',
            triage: { by: dummyAnalyst, at: dummyStart + 600_000, decision: 'remove', removedForUser: true },
          }),
        ),
      ),
  ],
  ['campaign-security', () => campaignSecurityCard(en, campaign(), campaignOptions)],
  [
    'campaign-security-malicious',
    () =>
      campaignSecurityCard(
        en,
        campaign({ status: 'malicious', triage: { ...triage, decision: 'malicious' } }),
        {
          ...campaignOptions,
          canRemoveChats: false,
          removeChatsSetup: 'Set SSO_CONNECTION_NAME to the Azure Bot OAuth connection.',
        },
      ),
  ],
  [
    'campaign-security-benign',
    () =>
      campaignSecurityCard(
        en,
        campaign({ status: 'benign', triage: { ...triage, decision: 'benign' } }),
        campaignOptions,
      ),
  ],
  [
    'sender-list',
    () =>
      senderListCard(en, {
        list: 'block',
        entries: [dummyEntry(), dummyEntry({ kind: 'domain', value: 'fabrikam-support.example' })],
        total: 2,
        notice: {
          text: message('security.lists.value.shared', {
            reason: message('security.lists.value.mailService', { domain: 'gmail.com' }),
          }),
          refused: true,
        },
      }),
  ],
  ['sender-list-empty', () => senderListCard(en, { list: 'allow', entries: [], total: 0 })],
  [
    'verification-code-issued',
    () => codeIssuedCard(en, { code: '482913', targetLabel: dummyAlice.upn, validMinutes: 10, expiresAt }),
  ],
  ['verification-issue-form', () => issueFormCard(en, { errorText: 'No user found.' })],
  [
    'verification-check-form',
    () =>
      checkFormCard(en, {
        helpdeskName: DEFAULT_PROFILE.helpdeskName,
        chatThreadId: dummyChatThreadId,
        errorText: 'A code is 6 digits, like 482 913.',
      }),
  ],
  [
    'verification-result-verified',
    () =>
      verificationResultCard(en, {
        helpdeskName: DEFAULT_PROFILE.helpdeskName,
        genuine: true,
        staffName: 'Dana Helpdesk',
        issuedMinutesAgo: 3,
      }),
  ],
  [
    'verification-result-not-verified',
    () =>
      verificationResultCard(en, {
        genuine: false,
        reasonText: en.t('verification.check.used'),
        chatThreadId: dummyChatThreadId,
      }),
  ],
  [
    'verification-result-locked-out',
    () =>
      verificationResultCard(en, { genuine: false, reasonText: lockedOut, chatThreadId: dummyChatThreadId }),
  ],
  [
    'verification-challenge',
    () =>
      challengeCard(en, {
        helpdeskName: DEFAULT_PROFILE.helpdeskName,
        code: '731264',
        validMinutes: 10,
        expiresAt,
        chatThreadId: dummyChatThreadId,
      }),
  ],
  [
    'verification-challenge-confirmed',
    () =>
      challengeConfirmedCard(en, {
        helpdeskName: DEFAULT_PROFILE.helpdeskName,
        confirmerName: 'Dana Helpdesk',
        issuedMinutesAgo: 1,
      }),
  ],
];

/** Text a host config's "light" colour makes unreadable, and a coloured container with no words. */
const DUMMY_BAD_CARD = {
  type: 'AdaptiveCard',
  version: '1.5',
  body: [
    { type: 'TextBlock', text: 'Hard to read', color: 'Light', wrap: true },
    { type: 'Container', style: 'good', minHeight: '24px', items: [] },
    { type: 'TextBlock', text: '●', color: 'Attention' },
  ],
};

const describeLow = (id: string, theme: string, result: RenderedCard) =>
  result.texts
    .filter((sample) => contrastRuleApplies(sample) && sample.ratio < MIN_CONTRAST)
    .map(
      (sample) =>
        `${id} in ${theme}: ${sample.kind} "${sample.text}" ${sample.color} on ${sample.background} is ${sample.ratio}:1`,
    );

describe('every card in every Teams theme, in Chromium', () => {
  let browser: RunningBrowser | undefined;
  const page = () => {
    if (!browser) throw new Error('Chromium did not start');
    return browser.page;
  };

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
    await openCardPage(page());
  }, RENDER_ALL_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
  });

  describe.each(THEMES)('in the $name theme', (theme) => {
    const results = new Map<string, RenderedCard>();
    const resultOf = (id: string): RenderedCard => {
      const result = results.get(id);
      if (!result) throw new Error(`${id} was not rendered`);
      return result;
    };

    beforeAll(async () => {
      await applyTheme(page(), theme);
      for (const [id, build] of CARDS)
        results.set(
          id,
          await renderCard(page(), build(), theme, join(SCREENSHOTS, `${id}-${theme.name}.png`)),
        );
    }, RENDER_ALL_TIMEOUT_MS);

    it.each(CARDS.map(([id]) => id))('%s renders with no renderer warning', (id) => {
      expect(resultOf(id).problems).toEqual([]);
      expect(resultOf(id).renderedText).not.toBe('');
    });

    it.each(CARDS.map(([id]) => id))('%s has every text at 4.5:1 or more against its background', (id) => {
      expect(resultOf(id).texts.length).toBeGreaterThan(0);
      expect(describeLow(id, theme.name, resultOf(id))).toEqual([]);
    });

    it.each(CARDS)('%s carries no meaning by colour alone', (id, build) => {
      expect(resultOf(id).colourOnly.map((what) => `${id} in ${theme.name}: ${what}`)).toEqual([]);
      expect(colourWithoutWords(build())).toEqual([]);
    });
  });

  describe('the checks', () => {
    it('find low contrast, a wordless coloured container and a bare coloured bullet', async () => {
      const theme = THEMES[0];
      await applyTheme(page(), theme);
      const result = await renderCard(page(), DUMMY_BAD_CARD, theme);

      expect(describeLow('dummy', theme.name, result)).toEqual([
        expect.stringMatching(
          /^dummy in default: text "Hard to read" rgb\(255, 255, 255\) on rgb\(255, 255, 255\) is 1:1$/,
        ),
      ]);
      expect(result.colourOnly).toHaveLength(1);
      expect(colourWithoutWords(DUMMY_BAD_CARD)).toEqual([
        'card.body[1]: Container styled good with no words in it',
        'card.body[2]: TextBlock in Attention with no words',
      ]);
    });

    it('report a renderer warning for an element the renderer does not know', async () => {
      const theme = THEMES[0];
      await applyTheme(page(), theme);
      const result = await renderCard(
        page(),
        {
          type: 'AdaptiveCard',
          version: '1.5',
          body: [{ type: 'TextBlok', text: 'x' }],
        },
        theme,
      );

      expect(result.problems).not.toEqual([]);
    });
  });
});
