import type { GraphClient } from '../../src/graph';
import type { Logger } from '../../src/log/logger';
import type { ConversationRefStore, UserKey } from '../../src/store/ports';

/** Teams sends the install's conversationUpdate within seconds; this bounds the wait. */
const REFERENCE_WAIT_MS = 15_000;
const POLL_MS = 250;

/**
 * Installs the app for a user who never did (Graph, TeamsAppInstallation.ReadWriteSelfForUser.All),
 * then waits for Teams' install activity to store the user's conversation reference.
 */
export const createAppInstaller = (deps: {
  graph: Pick<GraphClient, 'installAppForUser'>;
  catalogAppId: string;
  conversations: ConversationRefStore;
  log: Logger;
  waitMs?: number;
}) => ({
  /** True when a reference exists afterwards (the warning can be sent). */
  async install(user: UserKey): Promise<{ ok: true } | { ok: false; detail: string }> {
    let outcome: string;
    try {
      outcome = await deps.graph.installAppForUser(user.aadObjectId, deps.catalogAppId);
    } catch (err) {
      deps.log.warn({ err, aadObjectId: user.aadObjectId }, 'installing the app for the user failed');
      return { ok: false, detail: `installing the app through Graph failed: ${(err as Error).message}` };
    }
    deps.log.info({ aadObjectId: user.aadObjectId, outcome }, 'app installed for user; waiting for Teams');
    const deadline = Date.now() + (deps.waitMs ?? REFERENCE_WAIT_MS);
    while (Date.now() < deadline) {
      if (await deps.conversations.get(user)) return { ok: true };
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    return {
      ok: false,
      detail: `the app is ${outcome.replace('_', ' ')} but Teams sent no install event in time`,
    };
  },
});

export type AppInstaller = ReturnType<typeof createAppInstaller>;
