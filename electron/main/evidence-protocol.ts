/**
 * Evidence files for the page in Electron: `evidence://docket/<sha256>[/thumb]`, answered from
 * the console's cache by the core's `evidenceFile`, the same code web mode's route runs (ranges
 * included, so a video seeks). Only the app's own page may ask.
 */
import { Readable } from 'node:stream';
import type { ConsoleCore } from '../core/console';
import type { ProtocolLike } from './electron-api';
import { isAppUrl } from './harden';
import { APP_HOST, EVIDENCE_SCHEME } from './protocol';

/** Must run once `app` is ready and the core is open. */
export function serveEvidence(protocol: ProtocolLike, core: Pick<ConsoleCore, 'evidenceFile'>): void {
  protocol.handle(EVIDENCE_SCHEME, async (request) => {
    const url = new URL(request.url);
    const referrer = request.referrer;
    if (url.host !== APP_HOST || (referrer !== '' && referrer !== 'about:client' && !isAppUrl(referrer))) {
      return new Response('not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    }
    const answer = await core.evidenceFile(url.pathname, request.headers.get('range') ?? undefined);
    const body = answer.body ? (Readable.toWeb(answer.body()) as ReadableStream<Uint8Array>) : (answer.message ?? null);
    return new Response(request.method === 'HEAD' ? null : body, { status: answer.status, headers: answer.headers });
  });
}
