#!/usr/bin/env node
/**
 * The `helpdesk-guard` command: a table of subcommands, each in src/cli/<name>-command.ts.
 * To add one, write the module and add a row to COMMANDS: its summary and usage line,
 * and a run that imports the module. A command's module loads only when it runs (`score`
 * does not pay for Redis, `--help` for none of them).
 */
import { isMainThread } from 'node:worker_threads';
import type { CliIo } from './cli/cli-io';

/** A subcommand: what `--help` says about it, and its run, which loads its module. */
export interface CliCommand {
  summary: string;
  usage: string;
  /** Runs with the arguments after the command's name; resolves with the exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

export const COMMANDS: Readonly<Record<string, CliCommand>> = {
  score: {
    summary: 'score senders (JSON lines on stdin) for helpdesk impersonation',
    usage:
      'helpdesk-guard score [--home-tenant ID] [--trusted ID,ID] [--profile FILE] [--threshold N] [--explain] [--jobs N]',
    run: async (args, io) => (await import('./cli/score-command')).runScore(args, io),
  },
  simulate: {
    summary: 'sign and post a demo signal (first-contact) to a running bot',
    usage: 'helpdesk-guard simulate first-contact --sender NAME --user OBJECT_ID [options]',
    run: async (args, io) => (await import('./cli/simulate-command')).runSimulate(args, io),
  },
  events: {
    summary: 'outbox status, dead letters and replay (Redis outbox)',
    usage: 'helpdesk-guard events status | dead-letters --sink NAME | replay --sink NAME | replay --all',
    run: async (args, io) => (await import('./cli/events-command')).run(args, io),
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

if (!isMainThread) {
  // A worker thread running this file is a `score` worker of an esbuild bundle, where
  // everything is in this one file: loading the pool's module starts it (it checks its
  // workerData). A failure to load is the worker's uncaught error, which the pool reports.
  void import('./cli/score-pool');
} else if (require.main === module) {
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
