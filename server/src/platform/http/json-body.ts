import type { IncomingMessage } from 'node:http';
import type { Middleware } from 'koa';
import { DomainError } from '../errors';

/** The members' requests' body limit (app.ts; the gated routes take the same). */
export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;

const PARSED_METHODS = new Set(['POST', 'PUT', 'PATCH']);
// application/json, with at most a utf-8 charset: everything else (other charsets, +json types, forms, a
// compressed body) goes on to the general body parser
const PLAIN_JSON = /^application\/json\s*(?:;\s*charset\s*=\s*"?utf-?8"?\s*)?;?$/i;
// what the general parser accepts in strict mode: an object or an array, after RFC 7159 whitespace
const OBJECT_OR_ARRAY = /^[ \t\n\r]*[[{]/;

/** The answer to a body that is not JSON (or not an object or array): the general parser's, via the error boundary. */
export const invalidJson = () => new DomainError('INVALID_JSON', 'The request body is not valid JSON', 400);

/** A key that would set an object's prototype if a handler ever merged the body into another object. */
function refusePrototypeKey(key: string, value: unknown): unknown {
  if (key === '__proto__') throw invalidJson();
  return value;
}

/**
 * The members' requests' body reader: a plain JSON body (POST/PUT/PATCH, `application/json`, utf-8, not
 * compressed) read and parsed here in a few steps, with the general parser's rules: at most `limitBytes`
 * (413 BODY_TOO_LARGE, without reading on when the declared length is over), an object or an array (400
 * INVALID_JSON), no `__proto__` key (400), an empty body is `{}`, a BOM is
 * dropped, and `ctx.request.rawBody` is the text as received (the signed callbacks verify it). Anything else is
 * left to @koa/bodyparser after it, which skips a body already read. The general parser's stack (co-body,
 * raw-body, type-is, iconv, bourne) was ~5% of the flash grab's CPU.
 */
export function jsonBody(limitBytes: number): Middleware {
  return async (ctx, next) => {
    if (!isPlainJsonBody(ctx.req) || ctx.request.body !== undefined) return next();
    const { parsed, text } = await readJsonBody(ctx.req, limitBytes);
    const request = ctx.request as typeof ctx.request & { body?: unknown; rawBody?: string };
    request.body = parsed;
    request.rawBody = text;
    await next();
  };
}

/** Whether this reader takes the request's body: POST/PUT/PATCH, plain `application/json`, not compressed. */
export function isPlainJsonBody(req: IncomingMessage): boolean {
  const type = req.headers['content-type'];
  const encoding = req.headers['content-encoding'];
  return (
    PARSED_METHODS.has(req.method ?? '') &&
    type !== undefined &&
    PLAIN_JSON.test(type) &&
    (encoding === undefined || encoding === 'identity')
  );
}

/** Reads and parses a plain JSON body by the rules above: the value, and the text as received. */
export async function readJsonBody(
  req: IncomingMessage,
  limitBytes: number,
): Promise<{ parsed: unknown; text: string }> {
  const declared = req.headers['content-length'];
  const expected = declared === undefined ? undefined : Number(declared);
  if (expected !== undefined && expected > limitBytes) throw tooLarge(limitBytes);
  const text = await readText(req, limitBytes, expected);
  let parsed: unknown = {};
  if (text !== '') {
    if (!OBJECT_OR_ARRAY.test(text)) throw invalidJson();
    try {
      parsed = text.includes('__proto__') ? JSON.parse(text, refusePrototypeKey) : JSON.parse(text);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw invalidJson();
    }
  }
  return { parsed, text };
}

const tooLarge = (limitBytes: number) =>
  new DomainError('BODY_TOO_LARGE', `The request body is over ${limitBytes} bytes`, 413);

function readText(req: NodeJS.ReadableStream, limitBytes: number, expected: number | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let done = false;
    const finish = (error: Error | null, text?: string) => {
      if (done) return;
      done = true;
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      req.removeListener('error', onError);
      req.removeListener('aborted', onAborted);
      if (error) {
        req.resume(); // drain the rest, so the connection can answer
        reject(error);
      } else resolve(text!);
    };
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length > limitBytes) finish(tooLarge(limitBytes));
      else chunks.push(chunk);
    };
    const onEnd = () => {
      if (expected !== undefined && length !== expected) {
        finish(new DomainError('BAD_REQUEST', 'The request body does not match its Content-Length', 400));
        return;
      }
      const buffer = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length);
      const text = buffer.toString('utf8');
      finish(null, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    };
    const onError = (error: Error) => finish(new DomainError('BAD_REQUEST', error.message, 400));
    const onAborted = () => finish(new DomainError('BAD_REQUEST', 'The request was aborted', 400));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}
