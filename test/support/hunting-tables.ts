import { HUNTING_QUERY_COLUMNS } from '../../src/hunting/queries/hunting-query-specs';
import type { FakeGraph } from './fake-graph';

/**
 * Defender's tables as the bot's shipped queries read them, in a FakeGraph: one per query,
 * with exactly its declared columns (CloudAppEvents serves two queries), empty until a
 * test adds rows.
 */
export const addShippedHuntingTables = (graph: FakeGraph): void => {
  const schemaOf = (...names: Array<keyof typeof HUNTING_QUERY_COLUMNS>) =>
    [...new Set(names.flatMap((name) => HUNTING_QUERY_COLUMNS[name]))].map((name) => ({
      name,
      type: name === 'Timestamp' ? 'DateTime' : 'String',
    }));
  graph.hunting
    .addTable('CloudAppEvents', [], { schema: schemaOf('chat-created', 'impersonation-detected') })
    .addTable('MessageEvents', [], { schema: schemaOf('external-messages') })
    .addTable('DeviceProcessEvents', [], { schema: schemaOf('remote-tools') })
    .addTable('EmailEvents', [], { schema: schemaOf('mail-flood') });
};
