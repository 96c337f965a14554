/**
 * Worker thread of a rebuild of the derived structures (derived-reader.ts): counts the queues
 * and the sort buckets on a read-only connection of its own, into temporary tables, while the
 * main connection builds the indexes, and sends the rows back for the writer to store.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { countQueues, countedQueues } from './derived';
import type { CounterReply, CounterRequest } from './derived-reader';
import { clearSortBuckets, countSortBuckets, countedBuckets } from './sort-buckets';

const port = parentPort;
if (!port) throw new Error('derived-worker runs as a worker thread');
const { file } = workerData as { file: string };
const db = new Database(file, { readonly: true, fileMustExist: true });
// As the main connection (open.ts): the GROUP BYs sort in memory.
db.pragma('cache_size = -131072');
db.pragma('temp_store = MEMORY');
clearSortBuckets(db, 'temp');

port.on('message', (m: CounterRequest) => {
  let reply: CounterReply;
  try {
    if (m.type === 'queues') {
      countQueues(db, 'temp');
      reply = { id: m.id, type: 'queues', counted: countedQueues(db) };
    } else {
      countSortBuckets(db, m.col, m.index, m.now, m.rowsPerBucket, 'temp');
      reply = { id: m.id, type: 'buckets', counted: countedBuckets(db, m.col) };
    }
  } catch (e) {
    reply = { id: m.id, type: 'error', message: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
