import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isGuardError } from '../../../../../src/errors';
import {
  DEFAULT_REMOTE_TOOLS,
  HUNTING_QUERY_COLUMNS,
  HUNTING_QUERY_NAMES,
} from '../../../../../src/hunting/queries/hunting-query-specs';
import { letListValues } from '../../../../../src/hunting/queries/kql-text';
import {
  HUNTING_QUERY_DIR,
  loadHuntingQueries,
} from '../../../../../src/hunting/queries/load-hunting-queries';

/** What loading rejects with: a config_invalid error, or a failed test when it resolves. */
const loadError = async (...args: Parameters<typeof loadHuntingQueries>): Promise<Error> => {
  const err: unknown = await loadHuntingQueries(...args).then(
    () => new Error('loaded'),
    (reason: unknown) => reason,
  );
  expect(isGuardError(err, 'config_invalid')).toBe(true);
  return err as Error;
};

describe('loading the hunting queries', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hg-hunting-'));
    await cp(HUNTING_QUERY_DIR, dir, { recursive: true, filter: (from) => !/\.ts$/.test(from) });
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  /** Rewrites one query file of the copy. */
  const edit = async (name: string, change: (kql: string) => string) => {
    const file = join(dir, `${name}.kql`);
    await writeFile(file, change(await readFile(file, 'utf8')));
  };

  it('pairs every shipped query with its declared columns and the Timestamp column', async () => {
    const queries = await loadHuntingQueries();

    expect(Object.keys(queries).sort()).toEqual([...HUNTING_QUERY_NAMES].sort());
    for (const name of HUNTING_QUERY_NAMES) {
      expect(queries[name]).toMatchObject({
        name,
        columns: HUNTING_QUERY_COLUMNS[name],
        timestampColumn: 'Timestamp',
      });
      expect(queries[name].kql).toMatch(/\| where Timestamp between \(hgFrom \.\. hgTo\)/);
    }
  });

  it('ships remote-tools.kql with the default remote tools', async () => {
    const shipped = await readFile(join(HUNTING_QUERY_DIR, 'remote-tools.kql'), 'utf8');

    expect(letListValues(shipped, 'remoteTools')).toEqual(DEFAULT_REMOTE_TOOLS);
  });

  it('fills the configured remote tools, one per name whatever its case', async () => {
    const queries = await loadHuntingQueries(dir, {
      remoteTools: ['QuickAssist.exe', ' quickassist.EXE ', 'My Tool (x86).exe'],
    });

    expect(letListValues(queries['remote-tools'].kql, 'remoteTools')).toEqual([
      'QuickAssist.exe',
      'My Tool (x86).exe',
    ]);
  });

  it('fills the configured mail flood threshold', async () => {
    const queries = await loadHuntingQueries(dir, { mailFloodThreshold: 120 });

    expect(queries['mail-flood'].kql).toMatch(/^let floodThreshold = 120;$/m);
  });

  it('refuses a missing query file, naming it', async () => {
    await rm(join(dir, 'chat-created.kql'));

    const err = await loadError(dir);

    expect(err.message).toContain(join(dir, 'chat-created.kql'));
    expect(err.message).toMatch(/ship src\/hunting\/queries\/\*\.kql/);
  });

  it('refuses a query that does not filter on the window', async () => {
    await edit('remote-tools', (kql) =>
      kql.replace('| where Timestamp between (hgFrom .. hgTo)', '| where Timestamp > ago(1h)'),
    );

    const err = await loadError(dir);

    expect(err.message).toMatch(
      /remote-tools\.kql does not filter on the poller's window; add `\| where Timestamp between/,
    );
  });

  it('does not take a window filter that is only in a comment', async () => {
    await edit('impersonation-detected', (kql) =>
      kql.replace(
        '| where Timestamp between (hgFrom .. hgTo)',
        '// | where Timestamp between (hgFrom .. hgTo)',
      ),
    );

    expect((await loadError(dir)).message).toMatch(/impersonation-detected\.kql does not filter/);
  });

  it('refuses a query that binds hgFrom itself', async () => {
    await edit('mail-flood', (kql) => `let hgFrom = ago(1h);\n${kql}`);

    expect((await loadError(dir)).message).toMatch(/mail-flood\.kql binds hgFrom or hgTo itself/);
  });

  it('refuses a query whose final project is not its declared columns', async () => {
    await edit('external-messages', (kql) => kql.replace(', DirectoryObjectIds\n', '\n'));

    expect((await loadError(dir)).message).toMatch(
      /external-messages\.kql must end with `\| project Timestamp, .*, DirectoryObjectIds`; it projects Timestamp, .*, IsOwnedThread$/,
    );
  });

  it('refuses a parameter line that is gone', async () => {
    await edit('remote-tools', (kql) =>
      kql.replace(/^let remoteTools = .*$/m, 'let remoteTools = pack_array("QuickAssist.exe");'),
    );

    expect((await loadError(dir)).message).toMatch(
      /remote-tools\.kql has no `let remoteTools = dynamic\(\[\.\.\.\]\);` line/,
    );
  });

  it('names every broken file in one error', async () => {
    await rm(join(dir, 'mail-flood.kql'));
    await edit('chat-created', (kql) =>
      kql.replace('between (hgFrom .. hgTo)', 'between (ago(1d) .. now())'),
    );

    const err = await loadError(dir);

    expect(err.message.split('\n')).toEqual([
      expect.stringContaining('chat-created.kql does not filter'),
      expect.stringContaining('mail-flood.kql cannot be read (ENOENT)'),
    ]);
  });

  it.each([
    ['an empty list', []],
    ['a path', ['C:\\Tools\\AnyDesk.exe']],
    ['a quote', ['Quick"Assist.exe']],
    ['a blank name', ['  ']],
    ['a control character', ['Quick\nAssist.exe']],
  ])('refuses remote tools with %s', async (_case, remoteTools) => {
    expect((await loadError(dir, { remoteTools })).message).toMatch(
      /remote tools .*; list process file names/,
    );
  });

  it.each([0, -5, 2.5, Number.NaN])('refuses a mail flood threshold of %p', async (mailFloodThreshold) => {
    expect((await loadError(dir, { mailFloodThreshold })).message).toMatch(
      /mail flood threshold .* set it to 1 or more/,
    );
  });
});
