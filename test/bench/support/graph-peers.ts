/**
 * The parent's handles on the Graph bench's child processes: the Graph stand-in
 * (graph-stand-in.ts) and the notification load generator (graph-load.ts), each forked
 * with tsx's loader, as remote-peer.ts forks the connector.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { FakeSubscription } from '../../support/fake-graph-subscriptions';
import type { LoadMessage, LoadRequest, LoadResult } from './graph-load';
import type { StandInOptions, StandInReply, StandInRequest, StandInStats } from './graph-stand-in';

interface Child {
  process: ChildProcess;
  /** Sends `request` and resolves with the first reply of type `type`. */
  ask<R extends { type: string }>(request: unknown, type: string): Promise<R>;
  stop(): Promise<void>;
}

/** Forks `file` and waits for its {type:'ready'} message. */
const forkChild = async <Ready>(
  file: string,
  args: string[] = [],
): Promise<{ child: Child; ready: Ready }> => {
  const child = fork(join(__dirname, file), args, { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  let early: ((code: number | null) => void) | undefined;
  const ready = await new Promise<Ready>((resolve, reject) => {
    early = (code) => reject(new Error(`bench process ${file} exited early (code ${code})`));
    child.once('error', reject);
    child.once('exit', early);
    child.once('message', (reply: { type: string }) =>
      reply.type === 'ready' ? resolve(reply as Ready) : undefined,
    );
  });
  child.off('exit', early!);
  return {
    ready,
    child: {
      process: child,
      ask: <R extends { type: string }>(request: unknown, type: string) =>
        new Promise<R>((resolve, reject) => {
          const onExit = (code: number | null) =>
            reject(new Error(`bench process ${file} exited (code ${code})`));
          const onMessage = (reply: R) => {
            if (reply.type !== type) return;
            child.off('message', onMessage);
            child.off('exit', onExit);
            resolve(reply);
          };
          child.on('message', onMessage);
          child.once('exit', onExit);
          child.send(request as object);
        }),
      stop: async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.send({ type: 'stop' });
        const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
        await exited;
        clearTimeout(timer);
      },
    },
  };
};

export interface GraphStandIn {
  /** Graph's origin, for GRAPH_ENDPOINT. */
  url: string;
  subscriptions(): Promise<FakeSubscription[]>;
  stats(): Promise<StandInStats>;
  stop(): Promise<void>;
}

export const startGraphStandIn = async (options: StandInOptions): Promise<GraphStandIn> => {
  const { child, ready } = await forkChild<Extract<StandInReply, { type: 'ready' }>>('graph-stand-in.ts', [
    JSON.stringify(options),
  ]);
  const ask = <T extends StandInReply['type']>(request: StandInRequest, type: T) =>
    child.ask<Extract<StandInReply, { type: T }>>(request, type);
  return {
    url: ready.url,
    subscriptions: async () => (await ask({ type: 'subscriptions' }, 'subscriptions')).subscriptions,
    stats: async () => (await ask({ type: 'stats' }, 'stats')).stats,
    stop: child.stop,
  };
};

export interface NotificationLoad {
  post(request: Omit<LoadRequest, 'type'>): Promise<LoadResult>;
  stop(): Promise<void>;
}

export const startNotificationLoad = async (): Promise<NotificationLoad> => {
  const { child } = await forkChild<{ type: 'ready' }>('graph-load.ts');
  return {
    post: (request) => child.ask<LoadResult>({ ...request, type: 'post' } satisfies LoadMessage, 'posted'),
    stop: child.stop,
  };
};
