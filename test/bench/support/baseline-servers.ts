/**
 * The baselines the bot is measured against, in a process of their own, on one restify
 * server (each is loaded alone):
 * - POST /api/messages: a bare teams-ai v1 bot that echoes every message, with
 *   MemoryStorage and no typing timer, on the same adapter setup as ours in local mode
 *   (`new TeamsAdapter({})`: no app ID, so no authentication, replies without a token), through the SDK's own
 *   `adapter.process` and restify's body parser, as the teams-ai samples do;
 * - POST /api/signals/first-contact and /api/graph/notifications: a bare restify handler
 *   that reads the body and answers 202, which is all a webhook must do before its answer.
 * IPC: sends {type:'ready', port}; exits on 'stop'.
 */
import type { AddressInfo } from 'node:net';
import { Application, TeamsAdapter } from '@microsoft/teams-ai';
import { MemoryStorage, type Request as BotRequest, type Response as BotResponse } from 'botbuilder';
import restify, { type Request, type Response } from 'restify';
import { exitWithParent } from './child';

const adapter = new TeamsAdapter({});
// No typing indicator, as ours (bot/app.ts): the default timer adds a hook to every turn.
const app = new Application({ adapter, storage: new MemoryStorage(), startTypingTimer: false });
app.message(/.*/, async (context) => {
  await context.sendActivity(`echo: ${context.activity.text}`);
});

/** Reads the whole body, then 202: the least a webhook can do. */
const bareWebhook = async (req: Request, res: Response): Promise<void> => {
  let bytes = 0;
  for await (const chunk of req) bytes += (chunk as Buffer).length;
  res.send(202, { status: 'accepted', bytes });
};

const main = async (): Promise<void> => {
  const server = restify.createServer({ handleUncaughtExceptions: false });
  server.post('/api/messages', restify.plugins.bodyParser(), async (req: Request, res: Response) => {
    await adapter.process(req as unknown as BotRequest, res as unknown as BotResponse, async (context) => {
      await app.run(context);
    });
  });
  server.post('/api/signals/first-contact', bareWebhook);
  server.post('/api/graph/notifications', bareWebhook);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.on('message', (request: { type: string }) => {
    if (request.type === 'stop') server.close(() => process.exit(0));
  });
  exitWithParent();
  process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port });
};

void main();
