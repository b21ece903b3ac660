/**
 * `helpdesk-guard simulate first-contact --sender NAME --user OBJECT_ID [...]`: signs and
 * posts a first-contact signal to a running bot, for demos and the playground.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load-config';
import { isGuardError } from '../errors';
import { signBody } from '../signals/signature';
import type { CliIo } from './cli-io';

const USAGE = [
  'Usage: helpdesk-guard simulate first-contact --sender NAME --user OBJECT_ID [options]',
  '',
  'Signs a first-contact signal with SIGNAL_WEBHOOK_SECRET and posts it to the bot.',
  '',
  'Options:',
  '  --sender NAME          display name of the external sender (required), e.g. "IT Helpdesk"',
  '  --user OBJECT_ID       Entra object ID of the recipient (required)',
  "  --user-upn UPN         the recipient's UPN",
  "  --sender-upn UPN       the sender's UPN (default: it-support@<random>.onmicrosoft.com)",
  "  --sender-tenant ID     the sender's tenant ID (default: a random GUID)",
  '  --thread ID            the chat thread ID (default: a new 19:...@unq.gbl.spaces)',
  '  --url URL              the bot (default: http://localhost:$PORT, PORT defaults to 3978)',
  '  --source NAME          the signal source (default: simulate)',
].join('\n');

export interface SimulateDeps {
  env: Record<string, string | undefined>;
  fetch: typeof fetch;
  now: () => number;
}

export const runSimulate = async (
  args: string[],
  io: CliIo,
  deps: SimulateDeps = { env: io.env ?? {}, fetch, now: Date.now },
): Promise<number> => {
  const [what, ...rest] = args;
  if (what === '--help' || what === '-h') {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (what !== 'first-contact') {
    io.stderr.write(`simulate: unknown scenario '${what ?? ''}'\n\n${USAGE}\n`);
    return 2;
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        sender: { type: 'string' },
        user: { type: 'string' },
        'user-upn': { type: 'string' },
        'sender-upn': { type: 'string' },
        'sender-tenant': { type: 'string' },
        thread: { type: 'string' },
        url: { type: 'string' },
        source: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    io.stderr.write(`simulate: ${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (typeof values.sender !== 'string' || typeof values.user !== 'string') {
    io.stderr.write(`simulate: --sender and --user are required\n\n${USAGE}\n`);
    return 2;
  }
  let secret: string | undefined;
  let port: number;
  try {
    const config = loadConfig(deps.env);
    secret = config.signalWebhookSecret;
    port = config.port;
  } catch (err) {
    if (!isGuardError(err)) throw err;
    io.stderr.write(`simulate: ${err.message}\n`);
    return 1;
  }
  if (!secret) {
    io.stderr.write(
      'simulate: set SIGNAL_WEBHOOK_SECRET (the same value the bot runs with) to sign the signal\n',
    );
    return 1;
  }
  const tag = randomUUID().slice(0, 8);
  const body = JSON.stringify({
    chatThreadId: (values.thread as string | undefined) ?? `19:${randomUUID()}_${values.user}@unq.gbl.spaces`,
    observedAt: new Date(deps.now()).toISOString(),
    source: (values.source as string | undefined) ?? 'simulate',
    sender: {
      displayName: values.sender,
      upn: (values['sender-upn'] as string | undefined) ?? `it-support@helpdesk-${tag}.onmicrosoft.com`,
      tenantId: (values['sender-tenant'] as string | undefined) ?? randomUUID(),
    },
    recipient: {
      aadObjectId: values.user,
      ...(values['user-upn'] ? { upn: values['user-upn'] } : {}),
    },
  });
  const timestamp = Math.floor(deps.now() / 1000);
  const url = `${((values.url as string | undefined) ?? `http://localhost:${port}`).replace(/\/+$/, '')}/api/signals/first-contact`;
  let response: Response;
  try {
    response = await deps.fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-timestamp': String(timestamp),
        'x-signature-256': signBody(secret, timestamp, body),
      },
      body,
    });
  } catch (err) {
    io.stderr.write(
      `simulate: cannot reach ${url}: ${(err as Error).message}. Is the bot running (npm start)?\n`,
    );
    return 1;
  }
  const text = await response.text();
  if (response.status === 202) {
    io.stdout.write(`accepted (202): ${text}\n`);
    return 0;
  }
  const hint = response.status === 404 ? ' (is SIGNAL_WEBHOOK_SECRET set for the bot too?)' : '';
  io.stderr.write(`simulate: the bot answered ${response.status}${hint}: ${text}\n`);
  return 1;
};
