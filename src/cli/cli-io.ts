/**
 * The streams a command uses: process.std* in production, PassThroughs in tests. Its own
 * file, so that the subcommands need not import src/cli.ts, which loads them.
 */
export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** The environment commands may read (process.env at the entry point, fixed in tests). */
  env?: Record<string, string | undefined>;
}
