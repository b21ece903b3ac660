import { cardProblems } from '../../support/card-check';

describe('cardProblems (the card tests rely on it)', () => {
  it('finds nothing wrong in a minimal valid card', () => {
    expect(
      cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'hi' }] }),
    ).toEqual([]);
  });

  it.each([
    [
      'an unknown element type',
      { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlok', text: 'x' }] },
    ],
    [
      'an unexpanded template expression',
      { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: '${name}' }] },
    ],
    [
      'an action without its required data',
      { type: 'AdaptiveCard', version: '1.5', actions: [{ type: 'Action.OpenUrl', title: 'x' }] },
    ],
  ])('reports %s', (_what, card) => {
    expect(cardProblems(card)).not.toEqual([]);
  });
});
