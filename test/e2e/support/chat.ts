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
 * playground sent (e.g. "installationUpdate 200").
 */
export const waitForDelivered = async (page: Page, activityType: string): Promise<void> => {
  await page.getByText(`${activityType} 200`).first().waitFor({ timeout: REPLY_TIMEOUT_MS });
};
