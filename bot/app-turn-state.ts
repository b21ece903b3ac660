import type { TurnState } from '@microsoft/teams-ai';

/** The turn state every route of the Application shares (teams-ai's default: conversation, user, temp). */
export type AppTurnState = TurnState;
