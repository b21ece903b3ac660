import { randomUUID } from 'node:crypto';
import type {
  ConversationRecord,
  ConversationRefStore,
  DedupeStore,
  FencedStore,
  KeyValueStore,
  QueueMessage,
  StoredConversationReference,
  UserKey,
  WindowCounter,
  WorkQueue,
} from './ports';
import { userKeyString } from './ports';

/** A value with an optional expiry instant (ms since epoch). */
interface Entry {
  value: unknown;
  expiresAt?: number;
}

/**
 * Memory stores: the embedded default. They serve ONE process only; state is lost on
 * restart and not shared between replicas. Set REDIS_URL for anything else.
 */
export class MemoryKeyValueStore implements KeyValueStore, DedupeStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  async get<T>(key: string): Promise<T | undefined> {
    const entry = this.live(key);
    // A structured clone keeps callers from mutating stored state, as with Redis.
    return entry === undefined ? undefined : (structuredClone(entry.value) as T);
  }

  async set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
    this.entries.set(key, {
      value: structuredClone(value),
      expiresAt: ttlMs === undefined ? undefined : this.now() + ttlMs,
    });
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async increment(key: string, ttlMs?: number): Promise<number> {
    const entry = this.live(key);
    const next = (typeof entry?.value === 'number' ? entry.value : 0) + 1;
    const expiresAt = entry?.expiresAt ?? (ttlMs === undefined ? undefined : this.now() + ttlMs);
    this.entries.set(key, { value: next, expiresAt });
    return next;
  }

  async claim(key: string, ttlMs: number, owner: string = randomUUID()): Promise<boolean> {
    const held = this.live(`claim:${key}`);
    if (held) return held.value === owner;
    this.entries.set(`claim:${key}`, { value: owner, expiresAt: this.now() + ttlMs });
    return true;
  }

  async release(key: string): Promise<void> {
    this.entries.delete(`claim:${key}`);
  }
}

export class MemoryConversationRefStore implements ConversationRefStore {
  private readonly records = new Map<string, ConversationRecord>();

  async get(user: UserKey): Promise<ConversationRecord | undefined> {
    const record = this.records.get(userKeyString(user));
    return record && structuredClone(record);
  }

  async set(user: UserKey, reference: StoredConversationReference): Promise<void> {
    this.records.set(userKeyString(user), {
      reference: structuredClone(reference),
      updatedAt: new Date().toISOString(),
    });
  }

  async markStale(user: UserKey, reason: string): Promise<void> {
    const record = this.records.get(userKeyString(user));
    if (record) {
      record.staleSince = new Date().toISOString();
      record.staleReason = reason;
    }
  }

  async delete(user: UserKey): Promise<void> {
    this.records.delete(userKeyString(user));
  }
}

/**
 * One window, as Redis keeps it in a sorted set: each member's last time, and a min-heap of
 * (time, member) by time, so what left the window is found from the oldest end (a member
 * seen again leaves its older pair behind, skipped when it comes up). Scanning every
 * member instead made each contact of a 30,000-user campaign cost the whole campaign.
 */
class TimeWindow {
  private readonly last = new Map<string, number>();
  private heap: Array<[number, string]> = [];

  get size(): number {
    return this.last.size;
  }

  members(): string[] {
    return [...this.last.keys()];
  }

  add(member: string, at: number): void {
    this.last.set(member, at);
    // Pairs of members seen again are dropped once they outnumber the members.
    if (this.heap.length >= 2 * this.last.size + 64) {
      this.heap = [...this.last].map(([name, time]): [number, string] => [time, name]);
      this.heap.sort((a, b) => a[0] - b[0]); // a sorted array is a heap
    }
    this.push([at, member]);
  }

  /** Forgets every member last seen at or before `cutoff` (ZREMRANGEBYSCORE -inf cutoff). */
  prune(cutoff: number): void {
    while (this.heap.length > 0 && this.heap[0][0] <= cutoff) {
      const [time, member] = this.pop();
      if (this.last.get(member) === time) this.last.delete(member);
    }
  }

  private push(pair: [number, string]): void {
    const heap = this.heap;
    let at = heap.push(pair) - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (heap[parent][0] <= pair[0]) break;
      heap[at] = heap[parent];
      at = parent;
    }
    heap[at] = pair;
  }

  private pop(): [number, string] {
    const heap = this.heap;
    const top = heap[0];
    const end = heap.pop() as [number, string];
    if (heap.length === 0) return top;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && heap[right][0] < heap[left][0] ? right : left;
      if (heap[child][0] >= end[0]) break;
      heap[at] = heap[child];
      at = child;
    }
    heap[at] = end;
    return top;
  }
}

export class MemoryWindowCounter implements WindowCounter {
  private readonly windows = new Map<string, TimeWindow>();

  async add(key: string, member: string, windowMs: number, at = Date.now()): Promise<number> {
    const window = this.windows.get(key) ?? new TimeWindow();
    this.windows.set(key, window);
    window.add(member, at);
    window.prune(at - windowMs);
    return window.size;
  }

  async members(key: string, windowMs: number, at = Date.now()): Promise<string[]> {
    const window = this.windows.get(key);
    if (!window) return [];
    window.prune(at - windowMs);
    // An empty window is gone, as its Redis key expires.
    if (window.size === 0) this.windows.delete(key);
    return window.members();
  }
}

/** Fenced values in memory; one process, so only its own lease holders compete. */
export class MemoryFencedStore implements FencedStore {
  private readonly entries = new Map<string, { value: unknown; fence: number }>();

  async get<T>(key: string): Promise<T | undefined> {
    const entry = this.entries.get(key);
    return entry === undefined ? undefined : (structuredClone(entry.value) as T);
  }

  async set<T>(key: string, value: T, token: number): Promise<boolean> {
    const entry = this.entries.get(key);
    if (entry !== undefined && entry.fence > token) return false;
    this.entries.set(key, { value: structuredClone(value), fence: token });
    return true;
  }
}

interface MemoryItem<T> {
  id: string;
  body: T;
  deliveries: number;
  /** When the current delivery may be handed out again if not acked. */
  leaseUntil?: number;
}

/**
 * A queue in memory with at-least-once hand-out inside this process: an item not acked
 * within `leaseMs` is handed out again.
 */
export class MemoryWorkQueue<T> implements WorkQueue<T> {
  private readonly items: MemoryItem<T>[] = [];
  private waiters: Array<() => void> = [];

  constructor(private readonly leaseMs = 30_000) {}

  async enqueue(body: T): Promise<string> {
    const id = randomUUID();
    this.items.push({ id, body: structuredClone(body), deliveries: 0 });
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
    return id;
  }

  private take(count: number): QueueMessage<T>[] {
    const now = Date.now();
    const out: QueueMessage<T>[] = [];
    for (const item of this.items) {
      if (out.length >= count) break;
      if (item.leaseUntil !== undefined && item.leaseUntil > now) continue;
      item.deliveries += 1;
      item.leaseUntil = now + this.leaseMs;
      out.push({ id: item.id, body: structuredClone(item.body), deliveries: item.deliveries });
    }
    return out;
  }

  async receive(_consumer: string, count: number, blockMs: number): Promise<QueueMessage<T>[]> {
    const ready = this.take(count);
    if (ready.length > 0 || blockMs <= 0) return ready;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, blockMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    return this.take(count);
  }

  async recover(): Promise<QueueMessage<T>[]> {
    // A new process starts with an empty memory queue: nothing of a former one to resume.
    return [];
  }

  async extend(_consumer: string, ids: readonly string[]): Promise<void> {
    const until = Date.now() + this.leaseMs;
    for (const item of this.items)
      if (ids.includes(item.id) && item.leaseUntil !== undefined) item.leaseUntil = until;
  }

  async release(_consumer: string, ids: readonly string[]): Promise<void> {
    for (const item of this.items) if (ids.includes(item.id)) item.leaseUntil = undefined;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  async ack(id: string): Promise<void> {
    const index = this.items.findIndex((item) => item.id === id);
    if (index >= 0) this.items.splice(index, 1);
  }

  async pending(): Promise<number> {
    return this.items.filter((item) => item.deliveries > 0).length;
  }

  /** Items waiting or in flight. */
  get size(): number {
    return this.items.length;
  }
}
