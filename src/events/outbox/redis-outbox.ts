import { taggedPrefix } from '../../store/keys';
import type { RedisConnection } from '../../store/redis';
import {
  claimAbandoned,
  createGroup,
  handBack,
  keepClaimed,
  readNew,
  recoverOwn,
  type DeliveredEntry,
} from '../../store/redis-streams';
import type { HelpdeskEvent } from '../schema';
import type { DeadLetter, Outbox, OutboxEntry, SinkBacklog } from './outbox';
import { compareStreamIds, fieldsToRecord, parseGroupsInfo } from './redis-replies';

/**
 * The outbox's keys share one hash tag: dead-lettering (XADD to a sink's dead-letter
 * stream + XACK on the outbox) and replay (XADD + XDEL) are transactions over both.
 */
export const EVENTS_KEY_PREFIX = taggedPrefix('events');
/** The outbox stream: every event, once; each sink is a consumer group on it. */
export const OUTBOX_STREAM = `${EVENTS_KEY_PREFIX}outbox`;
/** The dead-letter stream of one sink. */
export const deadLetterStream = (sink: string): string => `${EVENTS_KEY_PREFIX}dlq:${sink}`;

type StreamEntry = [string, string[]];
/** An entry as read: a replayed one names the one sink it is for. */
type ReadEntry = OutboxEntry & { target?: string };

const toEntry = ({ id, fields, deliveries }: DeliveredEntry): ReadEntry => {
  const record = fieldsToRecord(fields);
  return { id, event: JSON.parse(record.event) as HelpdeskEvent, deliveries, target: record.sink };
};

/**
 * The durable outbox: a Redis Stream with one consumer group per sink, shared by every
 * replica. append() returns once Redis has the entry, so a bot killed right after emit()
 * loses nothing (how much a Redis crash loses is Redis's own persistence setting: run it
 * with appendonly yes). A replica that dies mid-delivery leaves its entries pending;
 * after `claimIdleMs` the next read of any replica claims them (XAUTOCLAIM); a replica
 * restarted under its consumer name takes its own back at once (recover()), and one that
 * stops hands its entries to the next read (release()). Entries are trimmed once every
 * group is past them (maintain()).
 */
export class RedisOutbox implements Outbox {
  readonly kind = 'redis';
  private groupsReady?: Promise<void>;
  private readonly blocking = new Map<string, Promise<RedisConnection>>();
  private closed = false;

  constructor(
    private readonly redis: RedisConnection,
    private readonly sinks: readonly string[],
    private readonly claimIdleMs: number,
  ) {}

  /** One group per sink, from the start of the stream so events emitted before it existed are kept. */
  private ensureGroups(): Promise<void> {
    this.groupsReady ??= Promise.all(
      this.sinks.map((sink) => createGroup(this.redis, OUTBOX_STREAM, sink)),
    ).then(
      () => undefined,
      (err: unknown) => {
        this.groupsReady = undefined;
        throw err;
      },
    );
    return this.groupsReady;
  }

  /** Blocking reads get a connection per sink so they never stall appends or acks. */
  private blockingClient(sink: string): Promise<RedisConnection> {
    let client = this.blocking.get(sink);
    if (!client) {
      client = (async () => {
        const duplicate = this.redis.duplicate();
        await duplicate.connect();
        return duplicate;
      })();
      this.blocking.set(sink, client);
    }
    return client;
  }

  async append(event: HelpdeskEvent): Promise<void> {
    await this.ensureGroups();
    await this.redis.send(OUTBOX_STREAM, ['XADD', OUTBOX_STREAM, '*', 'event', JSON.stringify(event)]);
  }

  async read(sink: string, consumer: string, count: number, blockMs: number): Promise<OutboxEntry[]> {
    await this.ensureGroups();
    const claimed = await claimAbandoned(this.redis, OUTBOX_STREAM, sink, consumer, this.claimIdleMs, count);
    if (claimed.length > 0) return this.forSink(sink, claimed.map(toEntry));
    if (this.closed) return [];
    const client = blockMs > 0 ? await this.blockingClient(sink) : this.redis;
    const fresh = await readNew(client, OUTBOX_STREAM, sink, consumer, count, blockMs);
    return this.forSink(sink, fresh.map(toEntry));
  }

  async recover(sink: string, consumer: string, count: number): Promise<OutboxEntry[]> {
    await this.ensureGroups();
    const entries = await recoverOwn(this.redis, OUTBOX_STREAM, sink, consumer, count);
    return this.forSink(sink, entries.map(toEntry));
  }

  /** Drops (acks) entries that a replay aimed at another sink. */
  private async forSink(sink: string, entries: ReadEntry[]): Promise<OutboxEntry[]> {
    const foreign = entries.filter((entry) => entry.target !== undefined && entry.target !== sink);
    await this.ack(
      sink,
      foreign.map((entry) => entry.id),
    );
    return entries
      .filter((entry) => entry.target === undefined || entry.target === sink)
      .map(({ id, event, deliveries }) => ({ id, event, deliveries }));
  }

  async ack(sink: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.redis.send(OUTBOX_STREAM, ['XACK', OUTBOX_STREAM, sink, ...ids]);
  }

  async release(sink: string, consumer: string, ids: readonly string[]): Promise<void> {
    await handBack(this.redis, OUTBOX_STREAM, sink, consumer, ids);
  }

  async touch(sink: string, consumer: string, ids: readonly string[]): Promise<void> {
    await keepClaimed(this.redis, OUTBOX_STREAM, sink, consumer, ids);
  }

  async deadLetter(
    sink: string,
    entries: readonly OutboxEntry[],
    reason: string,
    attempts: number,
  ): Promise<void> {
    if (entries.length === 0) return;
    const failedAt = new Date().toISOString();
    // One transaction on the events slot: an event is dead-lettered and acked, or neither.
    const multi = this.redis.multi(OUTBOX_STREAM);
    for (const entry of entries) {
      multi.xAdd(deadLetterStream(sink), '*', {
        event: JSON.stringify(entry.event),
        reason,
        failedAt,
        attempts: String(attempts),
        outboxId: entry.id,
      });
    }
    multi.xAck(
      OUTBOX_STREAM,
      sink,
      entries.map((entry) => entry.id),
    );
    await multi.exec();
  }

  async deadLetters(sink: string, count: number): Promise<DeadLetter[]> {
    const stream = deadLetterStream(sink);
    const reply = (await this.redis.send(stream, [
      'XRANGE',
      stream,
      '-',
      '+',
      'COUNT',
      String(count),
    ])) as StreamEntry[];
    return reply.map(([id, fields]) => {
      const record = fieldsToRecord(fields);
      return {
        id,
        event: JSON.parse(record.event) as HelpdeskEvent,
        reason: record.reason ?? '',
        failedAt: record.failedAt ?? '',
        attempts: Number(record.attempts ?? 0),
      };
    });
  }

  async replay(sink: string, limit = Number.POSITIVE_INFINITY): Promise<number> {
    await this.ensureGroups();
    let moved = 0;
    while (moved < limit) {
      const letters = await this.deadLetters(sink, Math.min(500, limit - moved));
      if (letters.length === 0) break;
      // Each move is one transaction: a crash mid-replay duplicates nothing and loses nothing.
      const multi = this.redis.multi(OUTBOX_STREAM);
      for (const letter of letters) {
        multi.xAdd(OUTBOX_STREAM, '*', { event: JSON.stringify(letter.event), sink });
        multi.xDel(deadLetterStream(sink), letter.id);
      }
      await multi.exec();
      moved += letters.length;
    }
    return moved;
  }

  async backlog(sink: string): Promise<SinkBacklog> {
    await this.ensureGroups();
    const groups = parseGroupsInfo(await this.redis.send(OUTBOX_STREAM, ['XINFO', 'GROUPS', OUTBOX_STREAM]));
    const group = groups.find((candidate) => candidate.name === sink);
    // Redis cannot always compute lag (after deletions); the stream length is an upper bound.
    const waiting = group?.lag ?? (await this.redis.xLen(OUTBOX_STREAM));
    const deadLettered = await this.redis.xLen(deadLetterStream(sink));
    return { lag: waiting + (group?.pending ?? 0), deadLettered };
  }

  /**
   * Trims the stream below the oldest entry that some group still needs: its oldest
   * pending entry, or its last-delivered ID when nothing is pending. With no sink nothing
   * is ever appended and the stream does not exist: there is nothing to do.
   */
  async maintain(): Promise<void> {
    if (this.sinks.length === 0) return;
    await this.ensureGroups();
    const groups = parseGroupsInfo(await this.redis.send(OUTBOX_STREAM, ['XINFO', 'GROUPS', OUTBOX_STREAM]));
    if (groups.length === 0) return;
    const bounds = await Promise.all(
      groups.map(async (group) => {
        if (group.pending === 0) return group.lastDeliveredId;
        const summary = (await this.redis.send(OUTBOX_STREAM, ['XPENDING', OUTBOX_STREAM, group.name])) as [
          number,
          string | null,
        ];
        return summary[1] ?? group.lastDeliveredId;
      }),
    );
    const oldest = bounds.reduce((min, id) => (compareStreamIds(id, min) < 0 ? id : min));
    if (oldest !== '0-0') await this.redis.send(OUTBOX_STREAM, ['XTRIM', OUTBOX_STREAM, 'MINID', oldest]);
  }

  async close(): Promise<void> {
    this.closed = true;
    const clients = await Promise.allSettled([...this.blocking.values()]);
    this.blocking.clear();
    // destroy() ends a blocked XREADGROUP at once; its entries stay pending and are claimed later.
    for (const result of clients) if (result.status === 'fulfilled') result.value.destroy();
  }
}
