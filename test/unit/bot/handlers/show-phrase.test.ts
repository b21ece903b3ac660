import { showPhrase } from '../../../../bot/handlers/show-phrase';
import { DEFAULT_PROFILE } from '../../../../src/config/helpdesk-profile';
import { createHelpdeskPhrase } from '../../../../src/verification/helpdesk-phrase';
import { DUMMY_SECRET, DUMMY_STAFF_ID, handlerDeps } from '../support/handler-deps';
import { dummyMessage, fakeTurn, fromUser } from '../support/handler-turn';

const ask = async (deps: ReturnType<typeof handlerDeps>['deps'], overrides: Record<string, unknown> = {}) => {
  const turn = fakeTurn(dummyMessage('phrase', overrides));
  await showPhrase(deps)(turn.context);
  return turn.texts();
};

describe('showPhrase (`phrase`)', () => {
  describe('with HELPDESK_PHRASE_ENABLED=true', () => {
    const env = { HELPDESK_PHRASE_ENABLED: 'true' };

    it("tells the user today's phrase, until when it holds, and never to say it first", async () => {
      const { deps } = handlerDeps({ env });
      const expected = createHelpdeskPhrase({
        secret: DUMMY_SECRET,
        rotationMs: 24 * 3_600_000,
      }).currentPhrase();

      const texts = await ask(deps);

      const until = expected.validUntil.toISOString().slice(0, 16).replace('T', ' ');
      expect(texts).toEqual([
        `Today's helpdesk phrase is **${expected.phrase}** (until ${until} UTC). ` +
          `A genuine ${DEFAULT_PROFILE.helpdeskName} caller can say it; never say it first.`,
      ]);
      expect(until).toMatch(/ 00:00$/);
    });

    it('rotates as HELPDESK_PHRASE_ROTATION_HOURS says', async () => {
      const { deps } = handlerDeps({ env: { ...env, HELPDESK_PHRASE_ROTATION_HOURS: '1' } });
      const expected = createHelpdeskPhrase({ secret: DUMMY_SECRET, rotationMs: 3_600_000 }).currentPhrase();

      const [text] = await ask(deps);

      expect(text).toContain(`**${expected.phrase}**`);
      expect(text).toContain(
        `(until ${expected.validUntil.toISOString().slice(0, 16).replace('T', ' ')} UTC)`,
      );
    });

    it('derives the phrase from VERIFICATION_SECRET: another secret, another phrase', async () => {
      const ours = await ask(handlerDeps({ env }).deps);
      const theirs = await ask(
        handlerDeps({ env: { ...env, VERIFICATION_SECRET: 'another-deployment-secret-0123456789abcdef' } })
          .deps,
      );

      expect(theirs).not.toEqual(ours);
    });

    it('tells everyone, not only helpdesk staff: employees check the caller with it', async () => {
      const { deps } = handlerDeps({ env });

      const employee = await ask(deps);
      const staff = await ask(deps, fromUser(DUMMY_STAFF_ID, 'Sam Staff'));

      expect(employee).toEqual(staff);
      expect(employee[0]).toMatch(/^Today's helpdesk phrase is \*\*[a-z]+( [a-z]+){2}\*\*/);
    });
  });

  describe('with the phrase off (the default)', () => {
    it.each([
      ['unset', {}],
      ['false', { HELPDESK_PHRASE_ENABLED: 'false' }],
    ])('says the organisation does not use one and what to do instead when %s', async (_what, env) => {
      const { deps } = handlerDeps({ env });

      expect(await ask(deps)).toEqual([
        'Contoso does not use a helpdesk phrase. Ask a caller for a verification code instead and check it with **verify CODE**.',
      ]);
    });

    it("names the profile's organisation", async () => {
      const { deps } = handlerDeps({ profile: { ...DEFAULT_PROFILE, orgName: 'Fabrikam' } });

      expect((await ask(deps))[0]).toMatch(/^Fabrikam does not use a helpdesk phrase\./);
    });
  });
});

describe('showPhrase in the user’s language', () => {
  it('tells a German user the phrase in German, the phrase itself unchanged', async () => {
    const { deps } = handlerDeps({ env: { HELPDESK_PHRASE_ENABLED: 'true' } });
    const expected = createHelpdeskPhrase({
      secret: DUMMY_SECRET,
      rotationMs: 24 * 3_600_000,
    }).currentPhrase();

    const [text] = await ask(deps, { locale: 'de-DE' });

    const until = expected.validUntil.toISOString().slice(0, 16).replace('T', ' ');
    expect(text).toBe(
      `Die heutige Helpdesk-Passphrase lautet **${expected.phrase}** (bis ${until} UTC). ` +
        `Echte Anrufer von ${DEFAULT_PROFILE.helpdeskName} können sie nennen; nennen Sie sie nie zuerst.`,
    );
  });

  it('says in French that the organisation uses none', async () => {
    const { deps } = handlerDeps();

    expect(await ask(deps, { locale: 'fr-FR' })).toEqual([
      'Contoso n’utilise pas de phrase secrète du support. Demandez plutôt un code de vérification à l’appelant et vérifiez-le avec **verify CODE**.',
    ]);
  });

  it('falls back to English for a locale the bot does not ship', async () => {
    const { deps } = handlerDeps();

    expect((await ask(deps, { locale: 'zh-CN' }))[0]).toMatch(/^Contoso does not use a helpdesk phrase\./);
  });

  it('uses the profile’s override of the message', async () => {
    const profile = {
      ...DEFAULT_PROFILE,
      messages: { en: { 'verification.phrase.off': 'No phrase at {{orgName}}: ask for a code.' } },
    };
    const { deps } = handlerDeps({ profile });

    expect(await ask(deps)).toEqual(['No phrase at Contoso: ask for a code.']);
  });
});
