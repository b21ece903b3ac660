import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_TYPES, helpdeskEventSchema } from '../../../../../src/events/schema';

const KQL = join(__dirname, '../../../../../src/events/kql');
const read = (file: string): string => readFileSync(join(KQL, file), 'utf8');

interface Column {
  name: string;
  type: string;
}

/** The table column type each schema field needs. */
const EXPECTED_TYPES: Record<string, string> = { TimeGenerated: 'datetime', Details: 'dynamic' };
const schemaColumns = (): Column[] =>
  Object.keys(helpdeskEventSchema.shape)
    .map((name) => ({ name, type: EXPECTED_TYPES[name] ?? 'string' }))
    .sort((a, b) => a.name.localeCompare(b.name));
const byName = (columns: Column[]): Column[] =>
  columns.map(({ name, type }) => ({ name, type })).sort((a, b) => a.name.localeCompare(b.name));

describe('shipped Sentinel artifacts', () => {
  it('defines HelpdeskGuard_CL with one column per event field', () => {
    const table = JSON.parse(read('helpdeskguard-cl.table.json')) as {
      properties: { schema: { name: string; columns: Column[] } };
    };

    expect(table.properties.schema.name).toBe('HelpdeskGuard_CL');
    expect(byName(table.properties.schema.columns)).toEqual(schemaColumns());
  });

  it('declares the DCR stream with the same columns and routes it to the table', () => {
    const template = JSON.parse(read('dcr-template.json')) as {
      resources: Array<{
        properties: {
          streamDeclarations: Record<string, { columns: Column[] }>;
          dataFlows: Array<{ streams: string[]; outputStream: string }>;
        };
      }>;
    };
    const { streamDeclarations, dataFlows } = template.resources[0].properties;

    expect(byName(streamDeclarations['Custom-HelpdeskGuard'].columns)).toEqual(schemaColumns());
    expect(dataFlows).toEqual([
      expect.objectContaining({ streams: ['Custom-HelpdeskGuard'], outputStream: 'Custom-HelpdeskGuard_CL' }),
    ]);
  });

  it.each([
    ['first-contact-messages.kql', ['MessageEvents', 'ThreadId']],
    ['chat-created.kql', ['CloudAppEvents', '"ChatCreated"', 'RawEventData.ChatThreadId']],
    ['alert-evidence.kql', ['AlertEvidence', 'AdditionalFields).ChatThreadId']],
    [
      'remote-tool-after-warning.kql',
      ['DeviceProcessEvents', 'QuickAssist.exe', 'AnyDesk.exe', 'TeamViewer.exe', '30m'],
    ],
    [
      'warned-then-remote-tool.kql',
      [
        '"FirstContactDetected"',
        '"MailBombingDetected"',
        '"RemoteToolAfterWarning"',
        'tolower(VictimAccountObjectId)',
        'DeviceProcessEvents',
        'InitiatingProcessAccountObjectId',
        'QuickAssist.exe',
        'AnyDesk.exe',
        'TeamViewer.exe',
        'CloudAppEvents',
        '"ChatCreated"',
        'RawEventData.ChatThreadId',
        'on ChatThreadId',
      ],
    ],
    [
      'training-coverage.kql',
      ['"TrainingCompleted"', 'Details.scorePercent', 'IdentityInfo', 'TrainedPercent'],
    ],
  ])('%s joins HelpdeskGuard_CL with %p and deduplicates on EventId', (file, needles) => {
    const query = read(join('hunting', file));

    expect(query).toContain('HelpdeskGuard_CL');
    expect(query).toContain('by EventId');
    for (const needle of needles) expect(query).toContain(needle);
  });

  it('ships exactly the documented hunting queries', () => {
    expect(readdirSync(join(KQL, 'hunting')).sort()).toEqual([
      'alert-evidence.kql',
      'chat-created.kql',
      'first-contact-messages.kql',
      'remote-tool-after-warning.kql',
      'training-coverage.kql',
      'warned-then-remote-tool.kql',
    ]);
  });

  it('lists every hunting query in the README', () => {
    const readme = read('README.md');

    for (const file of readdirSync(join(KQL, 'hunting'))) expect(readme).toContain(`| \`hunting/${file}\``);
  });

  it('filters only on event types the schema has', () => {
    const filter = /EventType (?:in \(([^)]*)\)|== "(\w+)")/g;
    const named = readdirSync(join(KQL, 'hunting')).flatMap((file) =>
      [...read(join('hunting', file)).matchAll(filter)].flatMap((match) =>
        (match[1] ?? match[2]).split(',').map((name) => name.trim().replace(/"/g, '')),
      ),
    );

    expect(named).toEqual(expect.arrayContaining(['MailBombingDetected', 'RemoteToolAfterWarning']));
    expect(named.filter((name) => !(EVENT_TYPES as readonly string[]).includes(name))).toEqual([]);
  });
});
