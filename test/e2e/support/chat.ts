import type { Locator, Page } from 'playwright-core';

/** How long a reply may take to show up in the playground. */
export const REPLY_TIMEOUT_MS = 15_000;

/** Adaptive Cards in the conversation whose text contains `text` (the renderer's own class). */
export const cardsWith = (page: Page, text: string | RegExp): Locator =>
  page.locator('.ac-adaptiveCard').filter({ hasText: text });

/**
 * Text messages in the conversation containing `text`, as rendered from markdown
 * (the chat list's preview of the same message is plain text, not a paragraph).
 */
export const renderedMessagesWith = (page: Page, text: string | RegExp): Locator =>
  page.locator('p').filter({ hasText: text });

/** Types a message into the compose box and sends it, as a user would. */
export const sendMessage = async (page: Page, text: string): Promise<void> => {
  const compose = page.getByRole('textbox');
  await compose.click();
  await compose.fill(text);
  await page.getByRole('button', { name: 'Send Message' }).click();
};

/**
 * Waits until the playground's log panel shows that the bot answered an activity the
 * playground sent (e.g. "installationUpdate 200"), `times` times in all: the panel keeps
 * every conversation's entries, so the second install (in a channel) is the second entry.
 */
export const waitForDelivered = async (page: Page, activityType: string, times = 1): Promise<void> => {
  await page
    .getByText(`${activityType} 200`)
    .nth(times - 1)
    .waitFor({ timeout: REPLY_TIMEOUT_MS });
};

/**
 * Opens a conversation from the playground's sidebar by its label: "Personal Chat", or a
 * team channel as "<team> - <channel>" (e.g. "Security Operations - Helpdesk Guard reports").
 * The first time a team's channel is opened the playground tells the bot it was added to
 * the team there: an installationUpdate and a conversationUpdate of that channel.
 */
export const openConversation = async (page: Page, label: string): Promise<void> => {
  await page.getByRole('treeitem', { name: label, exact: true }).click();
};
