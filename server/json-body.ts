/**
 * JSON bodies, read with bounds: the route's byte limit (checked against Content-Length before
 * a byte is read, and again while reading), a nesting depth scanned over the raw bytes as they
 * arrive (`JSON.parse` of 15 MB of `[[[[…` built ~700 MB of arrays and held the event loop for
 * seconds), and a cap on the body bytes all requests hold at once. A body is parsed only once
 * it has passed all three.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from './errors';

/**
 * The deepest JSON any contract takes is 7 levels (an ingested case's `cases[].detail.order
 * .logistics[]`, or `lastDecision.approval.by`); `request-limits.test.ts` computes it from the
 * schemas. Twice that leaves room for the contracts to grow without letting a pathological
 * document through.
 */
export const MAX_JSON_DEPTH = 16;

export interface BodyBounds {
  /** Nesting deeper than this is refused (400 `too_deep`). */
  maxDepth: number;
  /** Body bytes held by all requests being read at once; past it a body is refused (503 `busy`). */
  maxBufferedBytes: number;
}

const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Tracks the nesting depth of JSON text chunk by chunk, outside strings; no value is built. */
export class DepthScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;

  constructor(private readonly maxDepth: number) {}

  /** False as soon as the text nests deeper than the limit. */
  scan(chunk: Uint8Array): boolean {
    let { depth, inString, escaped } = this;
    const max = this.maxDepth;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      if (inString) {
        if (escaped) escaped = false;
        else if (b === BACKSLASH) escaped = true;
        else if (b === QUOTE) inString = false;
      } else if (b === QUOTE) inString = true;
      else if (b === OPEN_ARRAY || b === OPEN_OBJECT) {
        if (++depth > max) return false;
      } else if (b === CLOSE_ARRAY || b === CLOSE_OBJECT) depth--;
    }
    Object.assign(this, { depth, inString, escaped });
    return true;
  }
}

const tooLarge = (limit: number) => new HttpError(413, 'too_large', `the body is larger than this endpoint takes (${limit} bytes)`);

/** Replaces the JSON parser of `app` (and the scopes it registers later) with the bounded one. */
export function addBoundedJsonParser(app: FastifyInstance, bounds: BodyBounds): void {
  let buffered = 0;
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', (req: FastifyRequest, payload, done) => {
    const limit = req.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 1024 * 1024;
    const declared = Number(req.headers['content-length']);
    let held = 0;
    let finished = false;
    const chunks: Buffer[] = [];
    const scanner = new DepthScanner(bounds.maxDepth);
    const finish = (err: Error | null, value?: unknown) => {
      if (finished) return;
      finished = true;
      buffered -= held;
      held = 0;
      chunks.length = 0;
      payload.removeListener('data', onData);
      payload.removeListener('end', onEnd);
      payload.removeListener('error', onError);
      payload.removeListener('close', onClose);
      // The rest of a refused body is read and dropped, not kept; the connection then closes.
      if (err) payload.resume();
      done(err, value);
    };
    const onData = (chunk: Buffer) => {
      held += chunk.length;
      buffered += chunk.length;
      chunks.push(chunk);
      if (held > limit) return finish(tooLarge(limit));
      if (buffered > bounds.maxBufferedBytes) {
        return finish(new HttpError(503, 'busy', `the case service is reading ${bounds.maxBufferedBytes} bytes of request bodies already: send again shortly`));
      }
      if (!scanner.scan(chunk)) {
        return finish(new HttpError(400, 'too_deep', `the JSON body nests deeper than ${bounds.maxDepth} levels, more than any request of the contract`));
      }
    };
    const onEnd = () => {
      const text = Buffer.concat(chunks, held).toString('utf8');
      try {
        finish(null, text.length === 0 ? undefined : JSON.parse(text));
      } catch (e) {
        finish(new HttpError(400, 'invalid', `the body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`));
      }
    };
    const onError = (e: Error) => finish(new HttpError(400, 'invalid', `the body could not be read: ${e.message}`));
    // A client gone mid-body: its bytes are released (fastify answers no one).
    const onClose = () => finish(new HttpError(400, 'invalid', 'the connection closed before the body was complete'));
    if (Number.isFinite(declared) && declared > limit) {
      finish(tooLarge(limit));
      return;
    }
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onError);
    payload.on('close', onClose);
  });
}
