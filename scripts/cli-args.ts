/** Command-line options shared by `npm run web` and `npm start`. */
import { parseArgs } from 'node:util';
import { resolveToken, TOKEN_ON_COMMAND_LINE_WARNING, type TokenSource } from '../electron/core/credentials';
import { checkServiceAddress } from '../shared/sync/service-address';

export const ROLES = ['moderator', 'arbiter', 'supervisor'] as const;
export type ConsoleRole = (typeof ROLES)[number];

export interface LaunchArgs {
  /** Sign in as the first demo staff member with this role, or as this staff id. */
  as: string;
  count: number;
  seed: number;
  fresh: boolean;
  dataDir: string | null;
  /** A real case service instead of the embedded demo one. */
  server: string | null;
  token: string | null;
  /** Where the token came from; `argument` earns a warning (visible in `ps`). */
  tokenSource: TokenSource | null;
  port: number;
  help: boolean;
}

export const USAGE = `Options:
  --as moderator|arbiter|supervisor|<staff id>   who the console signs in as (default supervisor)
  --count N        demo cases to generate on first start (default 3000)
  --seed N         demo data seed (default 1)
  --fresh          use a throw-away data folder, removed on exit
  --data-dir DIR   keep the demo service and console databases here
  --server URL     use a real case service (no embedded demo service): https://,
                   or http:// on this machine only (127.0.0.0/8, ::1, localhost)
  --token-file F   the bearer token for --server, read from a file only you can read (chmod 600)
                   (or set DOCKET_TOKEN in the environment)
  --token T        the token itself: visible to other users of this machine (ps); prefer the above
  --port N         web mode port on 127.0.0.1 (default: any free port)`;

export function parseLaunchArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): LaunchArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      as: { type: 'string', default: 'supervisor' },
      count: { type: 'string', default: '3000' },
      seed: { type: 'string', default: '1' },
      fresh: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      server: { type: 'string' },
      token: { type: 'string' },
      'token-file': { type: 'string' },
      port: { type: 'string', default: '0' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const int = (name: string, raw: string, min: number, max: number) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
    return n;
  };
  const server = values.server ?? null;
  if (server === null && (values.token !== undefined || values['token-file'] !== undefined)) throw new Error('--token and --token-file only go with --server');
  if (server !== null) {
    const address = checkServiceAddress(server);
    if (!address.ok) throw new Error(`--server ${address.message}`);
  }
  const token = server === null ? null : resolveToken({ file: values['token-file'], argument: values.token, environment: env.DOCKET_TOKEN });
  if (server !== null && token === null) throw new Error('--server needs a token: --token-file <path>, or DOCKET_TOKEN in the environment');
  return {
    as: values.as,
    count: int('count', values.count, 0, 5_000_000),
    seed: int('seed', values.seed, 0, 2 ** 31 - 1),
    fresh: values.fresh,
    dataDir: values['data-dir'] ?? null,
    server,
    token: token?.token ?? null,
    tokenSource: token?.source ?? null,
    port: int('port', values.port, 0, 65_535),
    help: values.help,
  };
}

/**
 * The launch options of a command-line run (`npm start`, `npm run web`): parsed, or the
 * usage printed and the process ended (exit 2 for bad options, 0 for --help).
 */
export function launchArgsOrExit(argv: string[], command: string): LaunchArgs {
  let args: LaunchArgs;
  try {
    args = parseLaunchArgs(argv);
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(`${command} -- [options]\n\n${USAGE}`);
    process.exit(0);
  }
  if (args.tokenSource === 'argument') console.error(TOKEN_ON_COMMAND_LINE_WARNING);
  return args;
}
