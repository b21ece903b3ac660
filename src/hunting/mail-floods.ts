import type { KeyValueStore } from '../store/ports';

/** A flood of mail to one user, as the hunting poller saw it. */
export interface MailFloodRecord {
  /** When the flood was seen (ms since the epoch). */
  at: number;
  messages: number;
  /** Defender's own mail-bombing detection named it, not only our count. */
  defenderDetected: boolean;
}

/** How long after a flood a first contact to the user counts as following it. */
export const MAIL_FLOOD_PRESSURE_MS = 6 * 3600_000;

const key = (tenantId: string, userId: string) =>
  `mailflood:${tenantId.toLowerCase()}:${userId.toLowerCase()}`;

/**
 * Users whose mailbox was just flooded: the pre-warning goes out once per flood, and first
 * contacts within the pressure window are warned with the flood as a reason.
 */
export const createMailFloods = (kv: KeyValueStore, pressureMs = MAIL_FLOOD_PRESSURE_MS) => ({
  /**
   * Records a flood; true when it is news (no flood of this user within the window), the
   * moment to pre-warn. A flood seen again by the poller's overlap is not news.
   */
  async record(tenantId: string, userId: string, flood: MailFloodRecord): Promise<boolean> {
    const known = await kv.get<MailFloodRecord>(key(tenantId, userId));
    const fresh = !known || flood.at - known.at >= pressureMs;
    const kept = fresh ? flood : { ...known, messages: Math.max(known.messages, flood.messages) };
    await kv.set(key(tenantId, userId), kept, pressureMs);
    return fresh;
  },

  /** The flood a first contact at `at` follows, if any. */
  async recent(tenantId: string, userId: string, at: number): Promise<MailFloodRecord | undefined> {
    const known = await kv.get<MailFloodRecord>(key(tenantId, userId));
    return known && at - known.at < pressureMs && at >= known.at - 60_000 ? known : undefined;
  },
});

export type MailFloods = ReturnType<typeof createMailFloods>;
