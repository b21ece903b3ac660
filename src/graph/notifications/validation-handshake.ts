import type { Next, Request, Response } from 'restify';
import { errorBody } from '../../errors';

/**
 * The `validationToken` of Graph's endpoint-validation request, URL-decoded as a query
 * parameter is (`+` is a space, `%2B` a plus); undefined when the request carries none.
 */
export const validationTokenOf = (url: string | undefined): string | undefined => {
  const query = (url ?? '').split('?')[1];
  if (query === undefined) return undefined;
  return new URLSearchParams(query.split('#')[0]).get('validationToken') ?? undefined;
};

/**
 * Answers Graph's endpoint validation, if this is one: 200, `text/plain`, the decoded token
 * as the whole body (Graph fails the subscription on anything else, quoted JSON included).
 * Written raw because restify's res.send would JSON-encode a string. `nosniff` because the
 * body echoes the caller's input. Returns whether the request was answered.
 */
export const answerValidationHandshake = (req: Request, res: Response): boolean => {
  const token = validationTokenOf(req.url);
  if (token === undefined) return false;
  if (token === '') {
    res.send(400, errorBody('body_invalid', 'validationToken is empty'));
    return true;
  }
  const body = Buffer.from(token, 'utf8');
  res.writeHead(200, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(body.length),
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  res.end(body);
  return true;
};

/**
 * A restify `pre` handler that answers the validation handshake on the given paths before
 * the route reads a body: Graph posts it as `text/plain` with no body, which the JSON-only
 * routes would refuse with 415. Use it as `server.pre(graphValidationHandshake(paths))`
 * until PostRoute has a hook of its own for this.
 */
export const graphValidationHandshake =
  (paths: readonly string[]) =>
  (req: Request, res: Response, next: Next): void => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'POST' && paths.includes(path) && answerValidationHandshake(req, res)) {
      next(false);
      return;
    }
    next();
  };
