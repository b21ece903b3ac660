#!/usr/bin/env node
/**
 * The `helpdesk-guard` command: a table of subcommands, each in src/cli/<name>-command.ts.
 * To add one, write the module and add a row to COMMANDS.
 */
import { run as runEvents } from './cli/events-command';
import { scoreCommand } from './cli/score-command';
import { simulateCommand } from './cli/simulate-command';

/** The streams a command uses: process.std* in production, PassThroughs in tests. */
export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** The environment commands may read (process.env at the entry point, fixed in tests). */
  env?: Record<string, string | undefined>;
}

/** A subcommand: runs with the arguments after its name and returns the exit code. */
export interface CliCommand {
  summary: string;
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

export const COMMANDS: Readonly<Record<string, CliCommand>> = {
  score: scoreCommand,
  simulate: simulateCommand,
  events: {
    summary: 'outbox status, dead letters and replay (Redis outbox)',
    usage: 'helpdesk-guard events status | dead-letters --sink NAME | replay --sink NAME | replay --all',
    run: (args, io) => runEvents(args, { env: io.env ?? {}, stdout: io.stdout, stderr: io.stderr }),
  },
};

/** Exit code for a usage error (unknown command or flag), as most Unix tools do. */
export const USAGE_EXIT = 2;

export const usage = (): string =>
  [
    'Usage: helpdesk-guard <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}`),
    '',
    "Run 'helpdesk-guard <command> --help' for a command's options.",
  ].join('\n');

/** Runs the command named by argv[0]; resolves with the exit code. */
export const main = async (argv: string[], io: CliIo): Promise<number> => {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${usage()}\n`);
    return name === undefined ? USAGE_EXIT : 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr.write(`helpdesk-guard: unknown command '${name}'\n\n${usage()}\n`);
    return USAGE_EXIT;
  }
  return command.run(args, io);
};

if (require.main === module) {
  main(process.argv.slice(2), {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`helpdesk-guard: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
