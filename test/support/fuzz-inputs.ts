/**
 * fast-check arbitraries of what reaches the public routes: junk values, mutations of real
 * payloads, and the bytes on the wire (content type, coding, broken compression). Shared by
 * the property tests of test/integration/http/ (activities: fuzz-activities.ts).
 */
import { createHmac } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
export type Json = Record<string, unknown>;

/** Values an attacker puts where the schema wants something else. */
export const junkValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(undefined, null, '', ' ', '\r\n', 'javascript:alert(1)', '__proto__', 1e308, -1, true),
);

/** Mostly the real value, sometimes junk. */
export const mostly = <T>(real: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 5, arbitrary: real }, { weight: 1, arbitrary: junkValue });

/** Every path to a value inside a JSON object, e.g. ['from', 'aadObjectId']. */
const pathsOf = (node: unknown, prefix: string[] = []): string[][] =>
  typeof node === 'object' && node !== null
    ? Object.entries(node).flatMap(([key, value]) => [[...prefix, key], ...pathsOf(value, [...prefix, key])])
    : [];

const setPath = (root: Json, path: string[], value: unknown): Json => {
  const copy = structuredClone(root);
  let node = copy as Record<string, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  if (value === undefined) delete node[path[path.length - 1]];
  else node[path[path.length - 1]] = value;
  return copy;
};

/** `json` with up to `max` of its values (at any depth) replaced by junk or removed. */
export const mutated = (json: fc.Arbitrary<Json>, max = 3): fc.Arbitrary<Json> =>
  fc
    .tuple(
      json,
      // Half untouched: real shapes must reach the handlers, not only the shape check.
      fc.oneof(fc.constant([]), fc.array(fc.tuple(fc.nat(), junkValue), { minLength: 1, maxLength: max })),
    )
    .map(([value, edits]) => {
      let out = value;
      for (const [pick, junk] of edits) {
        const paths = pathsOf(out);
        if (paths.length > 0) out = setPath(out, paths[pick % paths.length], junk);
      }
      return out;
    });

/** How a body travels: its bytes, content type and coding, as sent or as broken. */
export const onTheWire = (json: fc.Arbitrary<unknown>) =>
  fc
    .tuple(
      fc.oneof(
        { weight: 8, arbitrary: json.map((value) => JSON.stringify(value) ?? '') },
        { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
      ),
      fc.oneof(
        { weight: 6, arbitrary: fc.constant('application/json') },
        fc.constantFrom(
          'application/json; charset=utf-8',
          'application/json; charset=utf-16',
          'text/csv',
          'text/plain',
          'multipart/form-data; boundary=x',
          'application/json; boundary="',
          '',
        ),
      ),
      fc.oneof(
        { weight: 6, arbitrary: fc.constant('none') },
        fc.constantFrom('gzip', 'broken-gzip', 'deflate', 'br'),
      ),
    )
    .map(([text, type, coding]) => {
      const headers: Record<string, string> = type ? { 'content-type': type } : {};
      let body: Buffer = Buffer.from(text);
      if (coding === 'gzip') body = gzipSync(body);
      if (coding === 'broken-gzip') body = gzipSync(body).subarray(0, 12);
      if (coding !== 'none') headers['content-encoding'] = coding === 'broken-gzip' ? 'gzip' : coding;
      return { body, text, headers };
    });

/** X-Timestamp and X-Signature-256 over `text`, as a SIEM signs the webhook. */
export const webhookSignature = (secret: string, text: string): Record<string, string> => {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const mac = createHmac('sha256', secret).update(`${timestamp}.${text}`).digest('hex');
  return { 'x-timestamp': timestamp, 'x-signature-256': `sha256=${mac}` };
};

/** A first-contact webhook body, mostly valid. */
export const anySignal = fc.record({
  chatThreadId: mostly(fc.constant('19:abc_def@unq.gbl.spaces')),
  observedAt: mostly(fc.constant(new Date().toISOString())),
  source: mostly(fc.constant('sentinel')),
  sender: mostly(fc.record({ displayName: mostly(fc.constant('IT Helpdesk')) })),
  recipient: mostly(fc.record({ aadObjectId: mostly(fc.uuid()) })),
});
