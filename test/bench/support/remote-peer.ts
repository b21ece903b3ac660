import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ArrivalRecord, PeerReply, PeerRequest, PostRequest } from './peer-process';

/** The parent's handle on peer-process.ts (the connector and the signal client). */
export interface RemotePeer {
  serviceUrl: string;
  calls(): Promise<ArrivalRecord[]>;
  post(request: Omit<PostRequest, 'type'>): Promise<Extract<PeerReply, { type: 'posted' }>>;
  /** Waits until `count` sends were accepted or `timeoutMs` passed; resolves with the count reached. */
  waitForAccepted(count: number, timeoutMs: number): Promise<number>;
  stop(): Promise<void>;
}

const ask = <T extends PeerReply['type']>(child: ChildProcess, request: PeerRequest, type: T) =>
  new Promise<Extract<PeerReply, { type: T }>>((resolve) => {
    const onMessage = (reply: PeerReply) => {
      if (reply.type !== type) return;
      child.off('message', onMessage);
      resolve(reply as Extract<PeerReply, { type: T }>);
    };
    child.on('message', onMessage);
    child.send(request);
  });

/** Forks the peer (TypeScript through tsx's loader) and waits until its connector listens. */
export const startRemotePeer = async (): Promise<RemotePeer> => {
  const child = fork(join(__dirname, 'peer-process.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  });
  let early: ((code: number | null) => void) | undefined;
  const ready = await new Promise<Extract<PeerReply, { type: 'ready' }>>((resolve, reject) => {
    early = (code) => reject(new Error(`bench peer process exited early (code ${code})`));
    child.once('error', reject);
    child.once('exit', early);
    child.once('message', (reply: PeerReply) => (reply.type === 'ready' ? resolve(reply) : undefined));
  });
  child.off('exit', early!);
  const accepted = async () => (await ask(child, { type: 'count' }, 'count')).accepted;
  return {
    serviceUrl: ready.serviceUrl,
    calls: async () => (await ask(child, { type: 'calls' }, 'calls')).calls,
    post: (request) => ask(child, { ...request, type: 'post' }, 'posted'),
    async waitForAccepted(count, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      let seen = await accepted();
      while (seen < count && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        seen = await accepted();
      }
      return seen;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
};
