/**
 * GET /media/<hash>.png: the pictures the cards show, and nothing else. Names are
 * content addresses, so answers are cacheable forever; any other name is a JSON 404.
 */
import type { Request, Response } from 'restify';
import { errorBody } from '../errors';
import type { GetRoute } from '../http/server';
import type { MediaLibrary } from './media-library';

/** Matches every path under /media/, so a bad name gets our 404, not the router's. */
export const MEDIA_ROUTE_PATH = '/media/*';

const FILE_NAME = /^[0-9a-f]{32}\.png$/;

const notFound = (res: Response): void => {
  res.send(404, errorBody('not_found', "No such picture. Picture URLs come from the bot's cards."));
};

/** The route, serving `library`'s pictures from memory (never from disk). */
export const mediaRoute = (library: Pick<MediaLibrary, 'byFileName'>): GetRoute => ({
  path: MEDIA_ROUTE_PATH,
  handler: async (req: Request, res: Response) => {
    const name = (req.params as Record<string, string | undefined>)['*'] ?? '';
    const image = FILE_NAME.test(name) ? library.byFileName(name) : undefined;
    if (!image) {
      notFound(res);
      return;
    }
    const etag = `"${image.hash}"`;
    const headers = {
      'content-type': 'image/png',
      'cache-control': 'public, max-age=31536000, immutable',
      etag,
    };
    if (req.header('if-none-match') === etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(200, { ...headers, 'content-length': String(image.png.length) });
    // For HEAD, Node sends the headers and drops the body.
    res.end(image.png);
  },
});
