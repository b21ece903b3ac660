import { KEY_PREFIX, RELEASED_IDLE_MS, type RedisClient } from '../../store/redis';
import type { HelpdeskEvent } from '../schema';
import type { DeadLetter, Outbox, OutboxEntry, SinkBacklog } from './outbox';
import { compareStreamIds, fieldsToRecord, parseGroupsInfo } from './redis-replies';

/** The outbox stream: every event, once; each sink is a consumer group on it. */
export const OUTBOX_STREAM = `${KEY_PREFIX}events:outbox`;
/** The dead-letter stream of one sink. */
export const deadLetterStream = (sink: string): string => `${KEY_PREFIX}events:dlq:${sink}`;

type StreamEntry = [string, string[]];

/**
 * The durable outbox: a Redis Stream with one consumer group per sink, shared by every
 * replica. append() returns once Redis has the entry, so a bot killed right after emit()
 * loses nothing (how much a Redis crash loses is Redis's own persistence setting: run it
 * with appendonly yes). A replica that dies mid-delivery leaves its entries pending;
 * after `claimIdleMs` the next read of any replica claims them (XAUTOCLAIM).
 * Entries are trimmed once every group is past them (maintain()).
 */
export class RedisOutbox implements Outbox {
  readonly kind = 'redis';
  private groupsReady?: Promise<void>;
  private readonly blocking = new Map<string, Promise<RedisClient>>();
  private closed = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly sinks: readonly string[],
    private readonly claimIdleMs: number,
  ) {}

  /** One group per sink, from the start of the stream so events emitted before it existed are kept. */
  private ensureGroups(): Promise<void> {
    this.groupsReady ??= Promise.all(
      this.sinks.map((sink) =>
        this.redis.sendCommand(['XGROUP', 'CREATE', OUTBOX_STREAM, sink, '0', 'MKSTREAM']).then(
          () => undefined,
          (err: unknown) => {
            // BUSYGROUP: another replica (or an earlier run) created it, as wanted.
            if (!String(err).includes('BUSYGROUP')) throw err;
          },
        ),
      ),
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
  private blockingClient(sink: string): Promise<RedisClient> {
    let client = this.blocking.get(sink);
    if (!client) {
      client = (async () => {
        const duplicate = this.redis.duplicate();
        // Errors surface on the command that failed; without a listener node-redis would throw.
        duplicate.on('error', () => undefined);
        await duplicate.connect();
        return duplicate;
      })();
      this.blocking.set(sink, client);
    }
    return client;
  }

  async append(event: HelpdeskEvent): Promise<void> {
    await this.ensureGroups();
    await this.redis.sendCommand(['XADD', OUTBOX_STREAM, '*', 'event', JSON.stringify(event)]);
  }

  async read(sink: string, consumer: string, count: number, blockMs: number): Promise<OutboxEntry[]> {
    await this.ensureGroups();
    const claimed = await this.claimAbandoned(sink, consumer, count);
    if (claimed.length > 0) return this.forSink(sink, claimed);
    if (this.closed) return [];
    const client = blockMs > 0 ? await this.blockingClient(sink) : this.redis;
    const args = ['XREADGROUP', 'GROUP', sink, consumer, 'COUNT', String(count)];
    if (blockMs > 0) args.push('BLOCK', String(blockMs));
    args.push('STREAMS', OUTBOX_STREAM, '>');
    const reply = (await client.sendCommand(args)) as Array<[string, StreamEntry[]]> | null;
    if (!reply) return [];
    const entries = reply.flatMap(([, list]) => list.map((entry) => this.toEntry(entry, 1)));
    return this.forSink(sink, entries);
  }

  /** Drops (acks) entries that a replay aimed at another sink. */
  private async forSink(
    sink: string,
    entries: Array<OutboxEntry & { target?: string }>,
  ): Promise<OutboxEntry[]> {
    const foreign = entries.filter((entry) => entry.target !== undefined && entry.target !== sink);
    if (foreign.length > 0)
      await this.ack(
        sink,
        foreign.map((entry) => entry.id),
      );
    return entries
      .filter((entry) => entry.target === undefined || entry.target === sink)
      .map(({ id, event, deliveries }) => ({ id, event, deliveries }));
  }

  private async claimAbandoned(
    sink: string,
    consumer: string,
    count: number,
  ): Promise<Array<OutboxEntry & { target?: string }>> {
    const reply = (await this.redis.sendCommand([
      'XAUTOCLAIM',
      OUTBOX_STREAM,
      sink,
      consumer,
      String(this.claimIdleMs),
      '0-0',
      'COUNT',
      String(count),
    ])) as [string, Array<StreamEntry | null>, string[]?];
    // Entries deleted while pending come back as nil (Redis 7 also lists them); XAUTOCLAIM
    // already removed them from the pending list.
    const entries = reply[1].filter((entry): entry is StreamEntry => entry !== null);
    if (entries.length === 0) return [];
    const counts = await this.deliveryCounts(
      sink,
      consumer,
      entries.map(([id]) => id),
    );
    return entries.map((entry) => this.toEntry(entry, counts.get(entry[0]) ?? 2));
  }

  private async deliveryCounts(sink: string, consumer: string, ids: string[]): Promise<Map<string, number>> {
    const reply = (await this.redis.sendCommand([
      'XPENDING',
      OUTBOX_STREAM,
      sink,
      ids[0],
      ids[ids.length - 1],
      String(ids.length * 2 + 100),
      consumer,
    ])) as Array<[string, string, number, number]>;
    return new Map(reply.map(([id, , , deliveries]) => [id, Number(deliveries)]));
  }

  private toEntry([id, fields]: StreamEntry, deliveries: number): OutboxEntry & { target?: string } {
    const record = fieldsToRecord(fields);
    return { id, event: JSON.parse(record.event) as HelpdeskEvent, deliveries, target: record.sink };
  }

  async ack(sink: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.redis.sendCommand(['XACK', OUTBOX_STREAM, sink, ...ids]);
  }

  async recover(sink: string, consumer: string, count: number): Promise<OutboxEntry[]> {
    await this.ensureGroups();
    // ID 0: this consumer's own pending entries in the sink's group, not new ones.
    const reply = (await this.redis.sendCommand([
      'XREADGROUP',
      'GROUP',
      sink,
      consumer,
      'COUNT',
      String(count),
      'STREAMS',
      OUTBOX_STREAM,
      '0',
    ])) as Array<[string, Array<[string, string[] | null]>]> | null;
    const listed = (reply ?? []).flatMap(([, list]) => list);
    // Trimmed while pending: nothing left to deliver.
    const gone = listed.filter(([, fields]) => fields === null).map(([id]) => id);
    await this.ack(sink, gone);
    const entries = listed.filter((entry): entry is StreamEntry => entry[1] !== null);
    if (entries.length === 0) return [];
    // Redis 7 counts a history read as a delivery and resets the idle time, as wanted here.
    const counts = await this.deliveryCounts(
      sink,
      consumer,
      entries.map(([id]) => id),
    );
    return this.forSink(
      sink,
      entries.map((entry) => this.toEntry(entry, counts.get(entry[0]) ?? 2)),
    );
  }

  async release(sink: string, consumer: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    // Marked idle beyond any claim time: the next read of any replica claims them at once.
    await this.redis.sendCommand([
      'XCLAIM',
      OUTBOX_STREAM,
      sink,
      consumer,
      '0',
      ...ids,
      'IDLE',
      String(RELEASED_IDLE_MS),
      'JUSTID',
    ]);
  }

  async touch(sink: string, consumer: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    // XCLAIM to ourselves resets the idle time; JUSTID leaves the delivery count alone.
    await this.redis.sendCommand(['XCLAIM', OUTBOX_STREAM, sink, consumer, '0', ...ids, 'JUSTID']);
  }

  async deadLetter(
    sink: string,
    entries: readonly OutboxEntry[],
    reason: string,
    attempts: number,
  ): Promise<void> {
    if (entries.length === 0) return;
    const failedAt = new Date().toISOString();
    const multi = this.redis.multi();
    for (const entry of entries) {
      multi.addCommand([
        'XADD',
        deadLetterStream(sink),
        '*',
        'event',
        JSON.stringify(entry.event),
        'reason',
        reason,
        'failedAt',
        failedAt,
        'attempts',
        String(attempts),
        'outboxId',
        entry.id,
      ]);
    }
    multi.addCommand(['XACK', OUTBOX_STREAM, sink, ...entries.map((entry) => entry.id)]);
    await multi.exec();
  }

  async deadLetters(sink: string, count: number): Promise<DeadLetter[]> {
    const reply = (await this.redis.sendCommand([
      'XRANGE',
      deadLetterStream(sink),
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
      const multi = this.redis.multi();
      for (const letter of letters) {
        multi.addCommand(['XADD', OUTBOX_STREAM, '*', 'event', JSON.stringify(letter.event), 'sink', sink]);
        multi.addCommand(['XDEL', deadLetterStream(sink), letter.id]);
      }
      await multi.exec();
      moved += letters.length;
    }
    return moved;
  }

  async backlog(sink: string): Promise<SinkBacklog> {
    await this.ensureGroups();
    const groups = parseGroupsInfo(await this.redis.sendCommand(['XINFO', 'GROUPS', OUTBOX_STREAM]));
    const group = groups.find((candidate) => candidate.name === sink);
    // Redis cannot always compute lag (after deletions); the stream length is an upper bound.
    const waiting = group?.lag ?? Number(await this.redis.sendCommand(['XLEN', OUTBOX_STREAM]));
    const deadLettered = Number(await this.redis.sendCommand(['XLEN', deadLetterStream(sink)]));
    return { lag: waiting + (group?.pending ?? 0), deadLettered };
  }

  /**
   * Trims the stream below the oldest entry that some group still needs: its oldest
   * pending entry, or its last-delivered ID when nothing is pending.
   */
  async maintain(): Promise<void> {
    await this.ensureGroups();
    const groups = parseGroupsInfo(await this.redis.sendCommand(['XINFO', 'GROUPS', OUTBOX_STREAM]));
    if (groups.length === 0) return;
    const bounds = await Promise.all(
      groups.map(async (group) => {
        if (group.pending === 0) return group.lastDeliveredId;
        const summary = (await this.redis.sendCommand(['XPENDING', OUTBOX_STREAM, group.name])) as [
          number,
          string | null,
        ];
        return summary[1] ?? group.lastDeliveredId;
      }),
    );
    const oldest = bounds.reduce((min, id) => (compareStreamIds(id, min) < 0 ? id : min));
    if (oldest !== '0-0') await this.redis.sendCommand(['XTRIM', OUTBOX_STREAM, 'MINID', oldest]);
  }

  async close(): Promise<void> {
    this.closed = true;
    const clients = await Promise.allSettled([...this.blocking.values()]);
    this.blocking.clear();
    // destroy() ends a blocked XREADGROUP at once; its entries stay pending and are claimed later.
    for (const result of clients) if (result.status === 'fulfilled') result.value.destroy();
  }
}
