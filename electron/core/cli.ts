/**
 * The console engine as a command-line process: opens a console database against a case
 * service and runs sync cycles, printing one JSON line per step. The crash tests run it as a
 * child process and kill it mid-page and mid-push; operators can use it to pre-sync a database.
 *
 *   tsx electron/core/cli.ts --db FILE --server URL [--token-file PATH | env DOCKET_TOKEN | --token T (visible in ps)]
 *       [--cycles N (default 1; 0 = until stopped)] [--interval MS] [--page-limit N] [--push-batch N]
 *       [--rulebook-dir DIR (default: resources/rulebook of the repository or app)]
 */
import { parseCliOptions, type CliOptions } from './cli-options';
import { openConsole } from './console';
import { TOKEN_ON_COMMAND_LINE_WARNING } from './credentials';

function line(event: string, detail: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ event, at: Date.now(), ...detail })}\n`);
}

async function main(): Promise<number> {
  let o: CliOptions;
  try {
    o = parseCliOptions(process.argv.slice(2), process.env);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  if (o.tokenSource === 'argument') process.stderr.write(`${TOKEN_ON_COMMAND_LINE_WARNING}\n`);
  const { cycles, interval } = o;
  const core = await openConsole({
    dbPath: o.db,
    serverUrl: o.server,
    token: o.token,
    autoSync: false,
    pullPageLimit: o.pageLimit,
    pushBatchSize: o.pushBatch,
    ...(o.rulebookDir !== undefined ? { rulebookDir: o.rulebookDir } : {}),
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
