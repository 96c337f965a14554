/**
 * Worker thread of a bootstrap: fetches feed pages and validates them, so the main thread only
 * applies them. Answers each request with an early message (the end line's cursor, so the next
 * page can be requested at once) and then the validated page or the error that refused it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { peekEnd, readFeedLines, validatePage } from './feed';
import { packPage } from './packed-page';
import { serializeError, type WorkerReply, type WorkerRequest } from './page-source';
import { ServiceClient } from './service';

const port = parentPort;
if (!port) throw new Error('feed-worker runs as a worker thread');
const { baseUrl, token } = workerData as { baseUrl: string; token: string };
const client = new ServiceClient(baseUrl, token, new AbortController().signal);
const running = new Map<number, AbortController>();
const reply = (m: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

port.on('message', (m: WorkerRequest) => {
  if (m.type === 'cancel') {
    running.get(m.id)?.abort();
    return;
  }
  const abort = new AbortController();
  running.set(m.id, abort);
  void (async () => {
    try {
      const body = await client.changes(m.kind, m.cursor, m.limit, abort.signal);
      const lines = await readFeedLines(body, m.kind);
      reply({ id: m.id, type: 'early', end: peekEnd(lines) });
      const page = packPage(validatePage(m.kind, lines));
      // The page's bytes move to the main thread (the bodies are spans of them) instead of being copied.
      reply({ id: m.id, type: 'page', page }, [page.data.buffer as ArrayBuffer]);
    } catch (e) {
      reply({ id: m.id, type: 'error', error: serializeError(e) });
    } finally {
      running.delete(m.id);
    }
  })();
});
