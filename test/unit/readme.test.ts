import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Folders .gitignore names (build output, screenshots, bench results): made by a run, absent from a clone. */
const ignoredFolders = (): string[] =>
  readFileSync(join(ROOT, '.gitignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.endsWith('/') && !line.startsWith('#'));

/** Every `path` the README names under a project folder, placeholders like <name> and run output aside. */
const namedPaths = (): string[] => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const paths = [...readme.matchAll(/`((?:bot|src|cards|scripts|appPackage|test)\/[^`\s]*)`/g)].map(
    (match) => match[1],
  );
  const ignored = ignoredFolders();
  return [...new Set(paths)].filter(
    (path) => !/[<>*{}]/.test(path) && !ignored.some((folder) => path.startsWith(folder)),
  );
};

/** Table cells longer than this read as paragraphs squeezed into a column: prose belongs below the table. */
const MAX_CELL = 180;

describe('README', () => {
  it('keeps table cells short', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const cells = readme
      .split('\n')
      .filter((line) => line.startsWith('|'))
      .flatMap((line) => line.split(/(?<!\\)\|/).map((cell) => cell.trim()));

    expect(cells.filter((cell) => cell.length > MAX_CELL)).toEqual([]);
  });

  it('names files and folders that exist, so its behaviour table is one hop from the code', () => {
    const paths = namedPaths();

    expect(paths.length).toBeGreaterThan(20);
    expect(paths.filter((path) => !existsSync(join(ROOT, path.replace(/\/$/, ''))))).toEqual([]);
  });
});
