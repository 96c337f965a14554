/**
 * Where a console run takes its bearer token from. A token on the command line is visible to
 * every user of the machine (`ps`, /proc/<pid>/cmdline); a file readable by its owner only, or
 * the environment (/proc/<pid>/environ is its owner's only), is not.
 */
import { readFileSync, statSync } from 'node:fs';

export type TokenSource = 'file' | 'environment' | 'argument';

export interface TokenSources {
  /** --token-file */
  file?: string | undefined;
  /** --token */
  argument?: string | undefined;
  /** DOCKET_TOKEN */
  environment?: string | undefined;
}

/** The token of a file written by its owner for its owner: trimmed, one line, 0600 or stricter. */
export function readTokenFile(path: string, platform: NodeJS.Platform = process.platform): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`--token-file ${path}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { cause: e });
  }
  // Windows has no such modes; its profile folders keep other users out.
  if (platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
    throw new Error(`--token-file ${path}: other users can read or change it; make it yours only (chmod 600 ${path})`);
  }
  const token = text.trim();
  if (token === '') throw new Error(`--token-file ${path} is empty`);
  if (/\s/.test(token)) throw new Error(`--token-file ${path} must hold the token alone, on one line`);
  return token;
}

/** --token-file, else --token, else DOCKET_TOKEN; both flags at once is a mistake worth saying. */
export function resolveToken(sources: TokenSources): { token: string; source: TokenSource } | null {
  if (sources.file !== undefined && sources.argument !== undefined) throw new Error('give the token once: --token-file or --token, not both');
  if (sources.file !== undefined) return { token: readTokenFile(sources.file), source: 'file' };
  if (sources.argument !== undefined) return { token: sources.argument, source: 'argument' };
  if (sources.environment) return { token: sources.environment, source: 'environment' };
  return null;
}

export const TOKEN_ON_COMMAND_LINE_WARNING = 'Warning: a token given with --token is visible to other users of this machine (ps). Use --token-file <path> or DOCKET_TOKEN instead.';
