/**
 * Action.Execute verb of the tip card, shared with bot/handlers/tips.ts. Its typed form is
 * `tips`. (An imBack Action.Submit would type `tips` for the user, but not every Teams
 * client sends it: the Agents Playground does not.)
 */

/** "Next tip": the card turns into the next lesson. Data: none. */
export const TIP_NEXT_VERB = 'tips.next';
