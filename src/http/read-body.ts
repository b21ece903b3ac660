import type { IncomingMessage } from 'node:http';
import { createGunzip, createInflate, type Gunzip, type Inflate } from 'node:zlib';
import { parse as parseContentType } from 'content-type';
import getRawBody from 'raw-body';
import type { ErrorCode } from '../errors';

/** What a route accepts: JSON only (the Bot Connector, SIEM webhooks and Graph all send it). */
export interface BodyLimits {
  /** The limit on the DECODED body: a gzip bomb stops here, not at its size on the wire. */
  maxBytes: number;
}

/** Why a body was refused, as the HTTP answer it gets. */
export class BodyRefused extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BodyRefused';
  }
}

/**
 * Content codings we decode, each with a streaming decoder. Microsoft never compresses
 * what it posts to a bot, but a SIEM playbook may; anything else (br, zstd, stacked
 * codings) is refused rather than decoded by a parser we do not need.
 */
const DECODERS: Record<string, () => Gunzip | Inflate> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
};

const contentTypeOf = (req: IncomingMessage): { type: string; charset?: string } => {
  const header = req.headers['content-type'];
  if (!header)
    throw new BodyRefused(415, 'content_type_unsupported', 'Content-Type must be application/json');
  try {
    const { type, parameters } = parseContentType(header);
    return { type, charset: parameters.charset?.toLowerCase() };
  } catch {
    throw new BodyRefused(415, 'content_type_unsupported', 'Content-Type must be application/json');
  }
};

/** The request as a stream of decoded bytes; errors of the decoder surface through raw-body. */
const decodedStream = (req: IncomingMessage): NodeJS.ReadableStream => {
  const coding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (coding === 'identity' || coding === '') return req;
  const decoder = DECODERS[coding];
  if (!decoder)
    throw new BodyRefused(
      415,
      'encoding_unsupported',
      'Content-Encoding must be gzip, deflate or identity (none)',
    );
  const stream = decoder();
  // raw-body listens for errors only while it reads; a decoder error after that (the rest
  // of a refused body) must not become an unhandled 'error' event, which ends the process.
  stream.on('error', () => req.unpipe(stream));
  // A broken request ends the decoder too, or raw-body would wait for its end forever.
  req.on('close', () => {
    if (!req.complete) stream.destroy(new Error('request aborted'));
  });
  req.pipe(stream);
  return stream;
};

/**
 * Reads a JSON request body as text, refusing before any parsing what the route does not
 * take: another content type or charset (415), an unknown content coding (415), more
 * decoded bytes than the limit (413, with decoding stopped at the limit), broken
 * compression or an aborted upload (400). Nothing is written to disk.
 */
export const readJsonText = async (req: IncomingMessage, { maxBytes }: BodyLimits): Promise<string> => {
  const { type, charset } = contentTypeOf(req);
  if (type !== 'application/json')
    throw new BodyRefused(415, 'content_type_unsupported', 'Content-Type must be application/json');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
    throw new BodyRefused(415, 'content_type_unsupported', 'The only charset accepted is utf-8');
  const encoded = req.headers['content-encoding'] !== undefined;
  const stream = decodedStream(req);
  try {
    return await getRawBody(stream, {
      limit: maxBytes,
      // Content-Length counts the encoded bytes; it can be checked up front only without a coding.
      length: encoded ? undefined : req.headers['content-length'],
      encoding: 'utf-8',
    });
  } catch (err) {
    if (stream !== req) (stream as Gunzip).destroy();
    throw refusalOf(err as { type?: string; status?: number });
  }
};

const refusalOf = (err: { type?: string; status?: number }): BodyRefused => {
  switch (err.type) {
    case 'entity.too.large':
      return new BodyRefused(413, 'body_too_large', 'The body is over the limit of this route');
    case 'request.aborted':
      return new BodyRefused(400, 'body_invalid', 'The request was aborted before its body ended');
    case 'request.size.invalid':
      return new BodyRefused(400, 'body_invalid', 'The body does not match its Content-Length');
    default:
      // A zlib error (not gzip, truncated, bad checksum) or a broken stream.
      return new BodyRefused(400, 'body_invalid', 'The body could not be read or decoded');
  }
};

/** Parses JSON text; anything else, an empty body included, is a 400 that names no parser. */
export const parseJson = (text: string): unknown => {
  if (text.trim() === '') throw new BodyRefused(400, 'body_invalid', 'The body is empty; send a JSON object');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyRefused(400, 'body_invalid', 'The body is not JSON');
  }
};
