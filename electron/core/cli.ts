/**
 * The console engine as a command-line process: opens a console database against a case
 * service and runs sync cycles, printing one JSON line per step. The crash tests run it as a
 * child process and kill it mid-page and mid-push; operators can use it to pre-sync a database.
 *
 *   tsx electron/core/cli.ts --db FILE --server URL [--token T | env DOCKET_TOKEN]
 *       [--cycles N (default 1; 0 = until stopped)] [--interval MS] [--page-limit N] [--push-batch N]
 *       [--rulebook-dir DIR (default: resources/rulebook of the repository or app)]
 */
import { parseArgs } from 'node:util';
import { openConsole } from './console';

function line(event: string, detail: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ event, at: Date.now(), ...detail })}\n`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      server: { type: 'string' },
      token: { type: 'string' },
      cycles: { type: 'string', default: '1' },
      interval: { type: 'string', default: '5000' },
      'page-limit': { type: 'string' },
      'push-batch': { type: 'string' },
      'rulebook-dir': { type: 'string' },
    },
    strict: true,
  });
  const token = values.token ?? process.env.DOCKET_TOKEN;
  if (!values.db || !values.server || !token) {
    process.stderr.write('usage: cli --db FILE --server URL [--token TOKEN | env DOCKET_TOKEN] [--cycles N] [--interval MS] [--page-limit N] [--push-batch N] [--rulebook-dir DIR]\n');
    return 2;
  }
  const int = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, not ${JSON.stringify(v)}`);
    return n;
  };
  const cycles = int('cycles', values.cycles) ?? 1;
  const interval = int('interval', values.interval) ?? 5000;
  const core = await openConsole({
    dbPath: values.db,
    serverUrl: values.server,
    token,
    autoSync: false,
    pullPageLimit: int('page-limit', values['page-limit']),
    pushBatchSize: int('push-batch', values['push-batch']),
    ...(values['rulebook-dir'] !== undefined ? { rulebookDir: values['rulebook-dir'] } : {}),
    trace: line,
  });
  let stopping = false;
  const stop = () => {
    stopping = true;
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  line('open', {});
  try {
    for (let i = 0; (cycles === 0 || i < cycles) && !stopping; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, interval));
      const status = await core.invoke('sync.now', {});
      if (!status.ok) throw new Error(status.error.message);
      line('status', { status: status.value as Record<string, unknown> });
    }
  } finally {
    await core.close();
  }
  line('done');
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    line('fatal', { message: e instanceof Error ? e.message : String(e) });
    process.exitCode = 1;
  },
);
