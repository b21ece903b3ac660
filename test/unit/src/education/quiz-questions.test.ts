import { DEFAULT_PROFILE, type HelpdeskProfile } from '../../../../src/config/helpdesk-profile';
import { buildQuizQuestions, sayQuizText, shuffleChoices } from '../../../../src/education/quiz-questions';
import { translatorFor } from '../../../../src/i18n/translations';

const dummyFabrikam: HelpdeskProfile = {
  ...DEFAULT_PROFILE,
  orgName: 'Fabrikam',
  helpdeskName: 'Fabrikam Service Desk',
  displayNames: ['Fabrikam IT Support'],
  internalDomains: ['fabrikam.net', 'fabrikam.de'],
  contactChannels: ['A ticket in ServiceNow that you opened yourself'],
  phoneNumbers: ['+49 30 1234 5678'],
};

const byId = (profile: HelpdeskProfile, id: string) => {
  const question = buildQuizQuestions(profile).find((candidate) => candidate.id === id);
  if (!question) throw new Error(`no question ${id}`);
  return question;
};
const en = translatorFor(DEFAULT_PROFILE, 'en');
const de = translatorFor(DEFAULT_PROFILE, 'de-DE');
const rightText = (profile: HelpdeskProfile, id: string, t = en): string =>
  sayQuizText(t, byId(profile, id).choices.find((choice) => choice.correct)!.text);

describe('buildQuizQuestions', () => {
  it('asks five questions when the profile has a phone number, four without', () => {
    expect(buildQuizQuestions(dummyFabrikam).map((question) => question.id)).toEqual([
      'real-helpdesk',
      'quick-assist',
      'contact-channel',
      'verify-caller',
      'call-back',
    ]);
    expect(buildQuizQuestions({ ...dummyFabrikam, phoneNumbers: [] })).toHaveLength(4);
  });

  it.each(buildQuizQuestions(dummyFabrikam).map((question) => [question.id, question] as const))(
    '%s has four choices with unique IDs, exactly one of them right',
    (_id, question) => {
      expect(question.choices).toHaveLength(4);
      expect(new Set(question.choices.map((choice) => choice.id)).size).toBe(4);
      expect(question.choices.filter((choice) => choice.correct)).toHaveLength(1);
    },
  );

  it("offers the profile's real helpdesk name and domain against an External onmicrosoft.com tenant", () => {
    const question = byId(dummyFabrikam, 'real-helpdesk');

    expect(en.text(question.prompt)).toContain('Fabrikam Service Desk');
    expect(rightText(dummyFabrikam, 'real-helpdesk')).toBe(
      'Fabrikam IT Support, from an @fabrikam.net account, with no External label',
    );
    expect(
      question.choices.filter((choice) => !choice.correct).map((choice) => sayQuizText(en, choice.text)),
    ).toEqual(
      expect.arrayContaining([expect.stringMatching(/^IT Helpdesk, .*\.onmicrosoft\.com, marked External$/)]),
    );
    expect(en.text(question.explanation)).toContain('@fabrikam.net, @fabrikam.de');
  });

  it("takes the right answer to 'how does the helpdesk contact you' from the profile", () => {
    expect(en.text(byId(dummyFabrikam, 'contact-channel').prompt)).toBe(
      'How does Fabrikam Service Desk get in touch with you?',
    );
    expect(rightText(dummyFabrikam, 'contact-channel')).toBe(
      'A ticket in ServiceNow that you opened yourself',
    );
  });

  it("names the profile's phone number as the one to call back", () => {
    expect(rightText(dummyFabrikam, 'call-back')).toBe('+49 30 1234 5678, the number Fabrikam publishes');
  });

  it('points the caller check to the verify command', () => {
    expect(rightText(dummyFabrikam, 'verify-caller')).toContain('verify');
    expect(en.text(byId(dummyFabrikam, 'verify-caller').prompt)).toContain('Fabrikam Service Desk');
  });

  it('says every question in German for a German reader, the profile names kept', () => {
    const question = byId(dummyFabrikam, 'real-helpdesk');

    expect(de.text(question.prompt)).toBe(
      'In Teams sind drei Chats offen. Welcher kommt wirklich von Fabrikam Service Desk?',
    );
    expect(rightText(dummyFabrikam, 'real-helpdesk', de)).toBe(
      'Fabrikam IT Support, von einem Konto mit @fabrikam.net, ohne die Kennzeichnung Extern',
    );
    expect(rightText(dummyFabrikam, 'call-back', de)).toBe(
      '+49 30 1234 5678, die Nummer, die Fabrikam veröffentlicht',
    );
  });

  it("takes a per-language contact channel in the reader's language, English for the others", () => {
    const profile = {
      ...dummyFabrikam,
      contactChannels: [{ en: 'A ticket you opened', de: 'Ein Ticket, das Sie selbst eröffnet haben' }],
    };

    expect(rightText(profile, 'contact-channel', de)).toBe('Ein Ticket, das Sie selbst eröffnet haben');
    expect(rightText(profile, 'contact-channel', translatorFor(profile, 'zh-CN'))).toBe(
      'A ticket you opened',
    );
  });

  it("carries no wording of its own: every text is a catalogue message or the profile's", () => {
    for (const question of buildQuizQuestions(dummyFabrikam)) {
      expect(question.prompt.key).toMatch(/^quiz\.questions\./);
      expect(question.explanation.key).toMatch(/^quiz\.questions\./);
      for (const choice of question.choices)
        expect('profileText' in choice.text || choice.text.key.startsWith('quiz.questions.')).toBe(true);
    }
  });

  it('pictures the questions a picture explains', () => {
    expect(buildQuizQuestions(dummyFabrikam).map((question) => [question.id, question.illustration])).toEqual(
      [
        ['real-helpdesk', 'chat-headers'],
        ['quick-assist', 'quick-assist'],
        ['contact-channel', 'display-name'],
        ['verify-caller', undefined],
        ['call-back', undefined],
      ],
    );
  });

  it('mentions no name of the default profile in a custom one', () => {
    expect(JSON.stringify(buildQuizQuestions(dummyFabrikam))).not.toMatch(/contoso/i);
  });
});

describe('shuffleChoices', () => {
  const question = byId(dummyFabrikam, 'quick-assist');
  const users = Array.from({ length: 24 }, (_, i) => `tenant:user-${i}`);

  it('returns the same choices, in the same order for the same user every time', () => {
    const order = shuffleChoices(question, users[0]);

    expect([...order].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [...question.choices].sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(shuffleChoices(question, users[0])).toEqual(order);
  });

  it('puts the right answer in different places for different users', () => {
    const positions = new Set(
      users.map((user) => shuffleChoices(question, user).findIndex((choice) => choice.correct)),
    );

    expect(positions.size).toBeGreaterThan(2);
  });

  it('does not put the right answer in the same place in every question', () => {
    const rightPositions = (user: string): Set<number> =>
      new Set(
        buildQuizQuestions(dummyFabrikam).map((each) =>
          shuffleChoices(each, user).findIndex((choice) => choice.correct),
        ),
      );

    expect(users.filter((user) => rightPositions(user).size > 1)).toEqual(users);
  });
});
