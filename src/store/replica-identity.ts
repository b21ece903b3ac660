import { randomUUID } from 'node:crypto';
import { HelpdeskGuardError } from '../errors';
import type { Logger } from '../log/logger';
import { createLease } from './lease';
import type { DedupeStore } from './ports';

/** This process's hold on its REPLICA_ID; released at shutdown. */
export interface ReplicaIdHold {
  release(): Promise<void>;
}

export interface ReplicaIdOptions {
  dedupe: DedupeStore;
  /** REPLICA_ID: the consumer name of every queue worker of this process. */
  id: string;
  log: Logger;
  /** One period of the hold: a dead holder's hold lapses within two. */
  leaseMs?: number;
  now?: () => number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Makes sure no other live process uses this REPLICA_ID on the same Redis, because two of
 * them would each resume (recover) the jobs the other is still working on. The ID is held
 * by a lease renewed every quarter period; a process that finds it held waits for the
 * holder's hold to lapse (a SIGKILLed predecessor: at most two periods, 4 s by default)
 * and refuses to start if it is still renewed then (a live twin: a configuration error).
 */
export const holdReplicaId = async (options: ReplicaIdOptions): Promise<ReplicaIdHold> => {
  const { id, log } = options;
  const leaseMs = options.leaseMs ?? 2_000;
  const now = options.now ?? Date.now;
  const lease = createLease({
    dedupe: options.dedupe,
    key: `replica-id:${id}`,
    leaseMs,
    owner: randomUUID(),
    now,
  });
  const deadline = now() + 2 * leaseMs + leaseMs / 2;
  let told = false;
  while (!(await lease.maintain())) {
    if (now() > deadline)
      throw new HelpdeskGuardError(
        'config_invalid',
        `REPLICA_ID '${id}' is in use by another live replica on this Redis: give each replica its own REPLICA_ID (the host name is the default)`,
      );
    if (!told)
      log.info(
        { replicaId: id },
        'REPLICA_ID is still held, by a process that just died or a live twin; waiting for it to lapse',
      );
    told = true;
    await sleep(leaseMs / 4);
  }
  const timer = setInterval(() => {
    lease.maintain().then(
      (held) => {
        if (!held)
          log.warn({ replicaId: id }, 'lost the hold on REPLICA_ID (Redis outage?); taking it again');
      },
      (err: unknown) =>
        log.warn({ err, replicaId: id }, 'cannot renew the hold on REPLICA_ID (Redis unavailable?)'),
    );
  }, leaseMs / 4);
  timer.unref();
  return {
    async release() {
      clearInterval(timer);
      // The hold lapses on its own when Redis cannot be told.
      await lease.release().catch(() => undefined);
    },
  };
};
