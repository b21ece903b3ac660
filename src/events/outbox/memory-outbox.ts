import type { HelpdeskEvent } from '../schema';
import type { DeadLetter, Outbox, OutboxEntry, SinkBacklog } from './outbox';

interface MemorySlot {
  event: HelpdeskEvent;
  deliveries: number;
}

interface SinkQueue {
  /** Every entry not yet acked or dead-lettered. */
  slots: Map<string, MemorySlot>;
  /** IDs ready to hand out, oldest first, from `head` on (an index, so taking is O(batch)). */
  ready: string[];
  head: number;
  deadLetters: DeadLetter[];
  waiters: Set<() => void>;
}

/**
 * The outbox in memory: ONE process only. Events survive nothing (a restart loses what
 * was not yet delivered); set REDIS_URL for the durable outbox. Unbounded: a sink that
 * stays down grows it until maxAttempts moves the events to the dead-letter list.
 */
export class MemoryOutbox implements Outbox {
  readonly kind = 'memory';
  private readonly queues = new Map<string, SinkQueue>();
  private nextId = 0;
  private closed = false;

  constructor(sinks: readonly string[]) {
    for (const sink of sinks)
      this.queues.set(sink, { slots: new Map(), ready: [], head: 0, deadLetters: [], waiters: new Set() });
  }

  private queue(sink: string): SinkQueue {
    const queue = this.queues.get(sink);
    if (!queue) throw new Error(`no outbox for sink '${sink}'`);
    return queue;
  }

  private wake(queue: SinkQueue): void {
    for (const wake of queue.waiters) wake();
    queue.waiters.clear();
  }

  private insert(sink: string, event: HelpdeskEvent): void {
    const queue = this.queue(sink);
    this.nextId += 1;
    const id = String(this.nextId);
    queue.slots.set(id, { event, deliveries: 0 });
    queue.ready.push(id);
    this.wake(queue);
  }

  async append(event: HelpdeskEvent): Promise<void> {
    // Frozen and shared by every sink: nobody may change an event after emit().
    const frozen = Object.freeze(structuredClone(event));
    for (const sink of this.queues.keys()) this.insert(sink, frozen);
  }

  private take(queue: SinkQueue, count: number): OutboxEntry[] {
    const out: OutboxEntry[] = [];
    while (out.length < count && queue.head < queue.ready.length) {
      const id = queue.ready[queue.head];
      queue.head += 1;
      const slot = queue.slots.get(id);
      // Gone (acked or dead-lettered) since it was queued: skip.
      if (!slot) continue;
      slot.deliveries += 1;
      out.push({ id, event: slot.event, deliveries: slot.deliveries });
    }
    if (queue.head > 10_000 && queue.head * 2 > queue.ready.length) {
      queue.ready = queue.ready.slice(queue.head);
      queue.head = 0;
    }
    return out;
  }

  async read(sink: string, _consumer: string, count: number, blockMs: number): Promise<OutboxEntry[]> {
    const queue = this.queue(sink);
    const ready = this.take(queue, count);
    if (ready.length > 0 || blockMs <= 0 || this.closed) return ready;
    await new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        queue.waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, blockMs);
      queue.waiters.add(wake);
    });
    return this.take(queue, count);
  }

  async ack(sink: string, ids: readonly string[]): Promise<void> {
    const queue = this.queue(sink);
    for (const id of ids) queue.slots.delete(id);
  }

  async recover(): Promise<OutboxEntry[]> {
    // A new process starts with an empty memory outbox: nothing of a former one to resume.
    return [];
  }

  async release(sink: string, _consumer: string, ids: readonly string[]): Promise<void> {
    const queue = this.queue(sink);
    // Back to the front, in their order: they were next before, they are next again.
    const back = ids.filter((id) => queue.slots.has(id));
    queue.ready = [...back, ...queue.ready.slice(queue.head)];
    queue.head = 0;
    this.wake(queue);
  }

  async touch(_sink: string, _consumer: string, _ids: readonly string[]): Promise<void> {
    // One process: nobody else could claim the entries.
  }

  async deadLetter(
    sink: string,
    entries: readonly OutboxEntry[],
    reason: string,
    attempts: number,
  ): Promise<void> {
    const queue = this.queue(sink);
    const failedAt = new Date().toISOString();
    for (const entry of entries) {
      queue.deadLetters.push({ id: entry.id, event: entry.event, reason, failedAt, attempts });
      queue.slots.delete(entry.id);
    }
  }

  async deadLetters(sink: string, count: number): Promise<DeadLetter[]> {
    return this.queue(sink).deadLetters.slice(0, count);
  }

  async replay(sink: string, limit = Number.POSITIVE_INFINITY): Promise<number> {
    const queue = this.queue(sink);
    const moved = queue.deadLetters.splice(0, Math.min(limit, queue.deadLetters.length));
    for (const letter of moved) this.insert(sink, letter.event);
    return moved.length;
  }

  async backlog(sink: string): Promise<SinkBacklog> {
    const queue = this.queue(sink);
    return { lag: queue.slots.size, deadLettered: queue.deadLetters.length };
  }

  async maintain(): Promise<void> {
    // Acked entries are deleted at once; nothing to trim.
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const queue of this.queues.values()) this.wake(queue);
  }
}
