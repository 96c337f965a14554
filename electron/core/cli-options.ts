/** The options of the command-line console (cli.ts), parsed and checked before anything opens. */
import { parseArgs } from 'node:util';
import { checkServiceAddress } from '../../shared/sync/service-address';
import { resolveToken, type TokenSource } from './credentials';

export const CLI_USAGE =
  'usage: cli --db FILE --server URL [--token-file PATH | env DOCKET_TOKEN | --token TOKEN (visible in ps)] [--cycles N] [--interval MS] [--page-limit N] [--push-batch N] [--rulebook-dir DIR]';

export interface CliOptions {
  db: string;
  server: string;
  token: string;
  tokenSource: TokenSource;
  cycles: number;
  interval: number;
  pageLimit: number | undefined;
  pushBatch: number | undefined;
  rulebookDir: string | undefined;
}

/** Throws an Error whose message says what is wrong (the usage when something is missing). */
export function parseCliOptions(argv: string[], env: NodeJS.ProcessEnv): CliOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      server: { type: 'string' },
      token: { type: 'string' },
      'token-file': { type: 'string' },
      cycles: { type: 'string', default: '1' },
      interval: { type: 'string', default: '5000' },
      'page-limit': { type: 'string' },
      'push-batch': { type: 'string' },
      'rulebook-dir': { type: 'string' },
    },
    strict: true,
  });
  if (!values.db || !values.server) throw new Error(CLI_USAGE);
  const address = checkServiceAddress(values.server);
  if (!address.ok) throw new Error(`--server ${address.message}`);
  const token = resolveToken({ file: values['token-file'], argument: values.token, environment: env.DOCKET_TOKEN });
  if (!token) throw new Error(`no token: give --token-file PATH or set DOCKET_TOKEN\n${CLI_USAGE}`);
  const int = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, not ${JSON.stringify(v)}`);
    return n;
  };
  return {
    db: values.db,
    server: values.server,
    token: token.token,
    tokenSource: token.source,
    cycles: int('cycles', values.cycles) ?? 1,
    interval: int('interval', values.interval) ?? 5000,
    pageLimit: int('page-limit', values['page-limit']),
    pushBatch: int('push-batch', values['push-batch']),
    rulebookDir: values['rulebook-dir'],
  };
}
