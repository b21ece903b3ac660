import { PassThrough } from 'node:stream';
import { runSimulate } from '../../../src/cli/simulate-command';

/** Who contacted whom, as `helpdesk-guard simulate first-contact` takes it (src/cli/simulate-command.ts). */
export interface FirstContact {
  /** The external sender's display name, e.g. "IT Helpdesk". */
  sender: string;
  /** The recipient's Entra object ID. */
  user: string;
  userUpn?: string;
  /** Random per call when left out: give both to make several contacts one sender's. */
  senderUpn?: string;
  senderTenant?: string;
}

export interface SimulateResult {
  code: number;
  /** What the command printed (stdout and stderr), for failure messages. */
  output: string;
}

/**
 * Runs the simulate command against the bot at `botUrl`, signing with `secret`, as an
 * operator would from a shell; resolves with its exit code and what it printed.
 */
export const simulateFirstContact = async (
  botUrl: string,
  secret: string,
  contact: FirstContact,
): Promise<SimulateResult> => {
  const out = new PassThrough();
  let output = '';
  out.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const optional: [string, string | undefined][] = [
    ['--user-upn', contact.userUpn],
    ['--sender-upn', contact.senderUpn],
    ['--sender-tenant', contact.senderTenant],
  ];
  const args = [
    'first-contact',
    '--sender',
    contact.sender,
    '--user',
    contact.user,
    ...optional.flatMap(([flag, value]) => (value === undefined ? [] : [flag, value])),
    '--url',
    botUrl,
  ];
  const code = await runSimulate(
    args,
    { stdin: new PassThrough(), stdout: out, stderr: out },
    { env: { SIGNAL_WEBHOOK_SECRET: secret }, fetch, now: Date.now },
  );
  return { code, output };
};
