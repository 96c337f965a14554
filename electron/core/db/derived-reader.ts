/**
 * A second connection that counts while the main connection rebuilds the indexes after a
 * bootstrap (`rebuildDerivedCounting`): the counting reads a million cases several times over,
 * and on its own thread it runs beside the index builds instead of after them.
 */
import { Worker } from 'node:worker_threads';
import { workerExecArgv, workerScript } from '../worker-script';
import type { CountedQueues, DerivedCounter } from './derived';
import type { CountedBuckets } from './sort-buckets';

type Count = { type: 'queues' } | { type: 'buckets'; col: string; index: string; now: number; rowsPerBucket: number };
export type CounterRequest = Count & { id: number };
export type CounterReply =
  | { id: number; type: 'queues'; counted: CountedQueues }
  | { id: number; type: 'buckets'; counted: CountedBuckets }
  | { id: number; type: 'error'; message: string };

export class DerivedReaderError extends Error {
  constructor(detail: string) {
    super(`counting the queues on a second connection failed: ${detail}`);
    this.name = 'DerivedReaderError';
  }
}

export class DerivedReader implements DerivedCounter {
  private readonly waiting = new Map<number, { resolve(r: CounterReply): void; reject(e: Error): void }>();
  private nextId = 1;
  private broken: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (r: CounterReply) => {
      const w = this.waiting.get(r.id);
      this.waiting.delete(r.id);
      if (r.type === 'error') w?.reject(new DerivedReaderError(r.message));
      else w?.resolve(r);
    });
    worker.on('error', (e) => this.fail(new DerivedReaderError(e.message)));
    worker.on('exit', (code) => this.fail(new DerivedReaderError(`its thread stopped (exit code ${code})`)));
  }

  /** A reader of the database file `file`; null when the worker script is not there to start. */
  static start(file: string): DerivedReader | null {
    const script = workerScript('derived-worker');
    if (!script) return null;
    return new DerivedReader(new Worker(script, { workerData: { file }, execArgv: workerExecArgv(script) }));
  }

  async countQueues(): Promise<CountedQueues> {
    const r = await this.ask({ type: 'queues' });
    if (r.type !== 'queues') throw new DerivedReaderError(`answered ${r.type} to a count of the queues`);
    return r.counted;
  }

  async countBuckets(col: string, index: string, now: number, rowsPerBucket: number): Promise<CountedBuckets> {
    const r = await this.ask({ type: 'buckets', col, index, now, rowsPerBucket });
    if (r.type !== 'buckets') throw new DerivedReaderError(`answered ${r.type} to a count of the ${col} buckets`);
    return r.counted;
  }

  async close(): Promise<void> {
    this.fail(new DerivedReaderError('closed'));
    await this.worker.terminate();
  }

  private ask(count: Count): Promise<CounterReply> {
    if (this.broken) return Promise.reject(this.broken);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...count, id } satisfies CounterRequest);
    });
  }

  private fail(e: Error): void {
    this.broken ??= e;
    for (const [id, w] of this.waiting) {
      this.waiting.delete(id);
      w.reject(e);
    }
  }
}
