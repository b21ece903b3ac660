/** Parsers of raw RESP2 stream replies (sendCommand returns them untyped). */

/** [k1, v1, k2, v2] -> { k1: v1, k2: v2 } */
export const fieldsToRecord = (fields: readonly string[]): Record<string, string> => {
  const record: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) record[fields[i]] = fields[i + 1];
  return record;
};

/** Orders stream IDs ("<ms>-<seq>") numerically; a plain string compare gets "9-0" vs "10-0" wrong. */
export const compareStreamIds = (a: string, b: string): number => {
  const [aMs, aSeq = '0'] = a.split('-');
  const [bMs, bSeq = '0'] = b.split('-');
  const byMs = BigInt(aMs) - BigInt(bMs);
  if (byMs !== 0n) return byMs < 0n ? -1 : 1;
  const bySeq = BigInt(aSeq) - BigInt(bSeq);
  return bySeq === 0n ? 0 : bySeq < 0n ? -1 : 1;
};

export interface GroupInfo {
  name: string;
  pending: number;
  lastDeliveredId: string;
  /** Entries not yet handed to the group; null when Redis cannot tell (Redis 7+ field). */
  lag: number | null;
}

/** XINFO GROUPS: an array of flat field lists, one per group. */
export const parseGroupsInfo = (reply: unknown): GroupInfo[] =>
  (reply as unknown[][]).map((flat) => {
    const record: Record<string, unknown> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) record[String(flat[i])] = flat[i + 1];
    return {
      name: String(record.name),
      pending: Number(record.pending ?? 0),
      lastDeliveredId: String(record['last-delivered-id'] ?? '0-0'),
      lag: record.lag === null || record.lag === undefined ? null : Number(record.lag),
    };
  });
