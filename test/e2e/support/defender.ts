import { LOCAL_TENANT_ID } from '../../../src/config/load-config';
import type { GraphTokenProvider } from '../../../src/graph';
import { DUMMY_GRAPH_TOKEN, FakeGraph } from '../../support/fake-graph';
import { addShippedHuntingTables } from '../../support/hunting-tables';

/** A device of the mock tenant, where Quick Assist starts. */
export interface Device {
  name: string;
  id: string;
}

/**
 * How often the bot polls: four queries a run, and the poller makes at most 40 calls a
 * minute, so a run every 7 s never waits for its pacer. A row is read within about that.
 */
export const DEFENDER_POLL_MS = 7_000;

export interface RunningDefender {
  /** What the bot's env needs to poll it: Graph's endpoint and a fast hunting interval. */
  env: Record<string, string>;
  graphTokens: GraphTokenProvider;
  /** Defender saw `user` start Quick Assist on `device` just now. */
  quickAssistStarted(user: { aadObjectId: string; upn: string }, device: Device): void;
  stop(): Promise<void>;
}

/**
 * Defender advanced hunting, as the bot reads it (Graph runHuntingQuery, the project's
 * FakeGraph on loopback): a table per shipped query with exactly its columns, empty until
 * a test adds a row.
 */
export const startDefender = async (): Promise<RunningDefender> => {
  const graph = await new FakeGraph(DUMMY_GRAPH_TOKEN, { tenantId: LOCAL_TENANT_ID }).start();
  addShippedHuntingTables(graph);
  return {
    env: {
      GRAPH_ENDPOINT: graph.url,
      HUNTING_ENABLED: 'true',
      HUNTING_INTERVAL_SECONDS: String(DEFENDER_POLL_MS / 1_000),
      HUNTING_INGESTION_DELAY_SECONDS: '0',
    },
    graphTokens: { getToken: async () => DUMMY_GRAPH_TOKEN },
    quickAssistStarted: (user, device) => {
      graph.hunting.addRows('DeviceProcessEvents', [
        {
          Timestamp: new Date().toISOString(),
          DeviceName: device.name,
          DeviceId: device.id,
          FileName: 'QuickAssist.exe',
          ProcessCommandLine: '"QuickAssist.exe"',
          InitiatingProcessAccountObjectId: user.aadObjectId,
          InitiatingProcessAccountUpn: user.upn,
        },
      ]);
    },
    stop: () => graph.stop(),
  };
};
